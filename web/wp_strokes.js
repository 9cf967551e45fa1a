/* Write Practice: reference stroke records (pure: no window or document touched).
 *
 * The second reader of one format. A record is what tools/build_stroke_data.py writes into
 * writing/data/*.strokes and writing/strokes.py:_parse_record reads: u8 stroke count, then per
 * stroke u8 point count and that many (u8 x, u8 y), coordinates divided by the file's quant_max
 * (em box [0,1]^2, y down). The collection media carry one record per character
 * (writing/media.py): `_wp-<source>-<hex code point>.<version>.js`, whose body calls
 * `receive([source, codePoint, quantMax, brushMilli, base64Record, variants?, componentStarts?])`
 * on this module (variants: other standard orders, as writing/strokes.py CharData.variants;
 * componentStarts: where components begin, CharData.component_starts).
 *
 * On cards it is `WritePractice.strokes`; under node, `module.exports`.
 */
(function (name, factory) { // module.exports under node; once per page on cards (caches survive re-runs)
  if (typeof window === "undefined") module.exports = factory();
  else if (!(window.WritePractice = window.WritePractice || {})[name]) window.WritePractice[name] = factory();
})("strokes", function () {
  "use strict";

  /** Strokes from one record's bytes, or null when the record is damaged (as _parse_record). */
  function parseRecord(bytes, quantMax) {
    if (!bytes || !bytes.length || !(quantMax > 0)) return null;
    var count = bytes[0], pos = 1, strokes = [], scale = 1 / quantMax;
    for (var s = 0; s < count; s++) {
      if (pos >= bytes.length) return null;
      var points = bytes[pos++];
      var end = pos + 2 * points;
      if (end > bytes.length || points === 0) return null;
      var stroke = [];
      for (var k = pos; k < end; k += 2) stroke.push([bytes[k] * scale, bytes[k + 1] * scale]);
      strokes.push(stroke);
      pos = end;
    }
    return pos === bytes.length ? strokes : null;
  }

  function decodeBase64(text) {
    if (typeof atob !== "function") return Uint8Array.from(Buffer.from(text, "base64"));
    var binary = atob(text), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** The call's argument list out of a media file's text (the fetch fallback: no eval). */
  function argumentsOf(fileText) {
    var start = fileText.indexOf("receive(["), end = fileText.lastIndexOf("])");
    if (start < 0 || end < start) return null;
    try {
      return JSON.parse(fileText.slice(start + "receive(".length, end + 1));
    } catch (e) {
      return null;
    }
  }

  /** The variants that write each of `count` strokes exactly once (writing/strokes.py
   * variant_orders keeps the same ones); anything else in the list is left out. */
  function validVariants(raw, count) {
    if (!Array.isArray(raw)) return [];
    return raw.filter(function (groups) {
      if (!Array.isArray(groups) || !groups.length) return false;
      var seen = [];
      var wellFormed = groups.every(function (group) {
        return Array.isArray(group) && group.length && group.every(function (j) {
          if (typeof j !== "number" || j !== Math.floor(j) || j < 0 || j >= count || seen[j]) return false;
          return (seen[j] = true);
        });
      });
      return wellFormed && seen.filter(Boolean).length === count;
    });
  }

  /** Component starts: stroke indices inside (0, count), ascending (writing/components.py
   * component_starts); a list with anything else in it is left out whole. */
  function validComponentStarts(raw, count) {
    if (!Array.isArray(raw)) return [];
    var ok = raw.every(function (j, k) {
      return typeof j === "number" && j === Math.floor(j) && j > 0 && j < count && (k === 0 || j > raw[k - 1]);
    });
    return ok ? raw.slice() : [];
  }

  /** One character's data from a media file's arguments: {strokes, brushWidth, variants,
   * componentStarts}, or null. */
  function decode(args) {
    if (!Array.isArray(args) || args.length < 5 || args.length > 7 || typeof args[4] !== "string") return null;
    var strokes;
    try {
      strokes = parseRecord(decodeBase64(args[4]), args[2]);
    } catch (e) {
      return null;
    }
    return strokes ? {
      strokes: strokes, brushWidth: args[3] / 1000, variants: validVariants(args[5], strokes.length),
      componentStarts: validComponentStarts(args[6], strokes.length),
    } : null;
  }

  function key(source, codePoint) {
    return source + ":" + codePoint;
  }

  var received = {};

  /** Called by a media file as it loads; returns whether the record was usable. */
  function receive(args) {
    var data = decode(args);
    if (data) received[key(args[0], args[1])] = data;
    return !!data;
  }

  /** What has arrived for (source, code point), or undefined. */
  function get(source, codePoint) {
    return received[key(source, codePoint)];
  }

  /** A media file's name from the pattern the add-on writes into the card script. */
  function mediaName(pattern, source, codePoint) {
    return pattern.replace("{source}", source).replace("{hex}", codePoint.toString(16));
  }

  return {
    parseRecord: parseRecord, decodeBase64: decodeBase64, argumentsOf: argumentsOf, decode: decode,
    receive: receive, get: get, mediaName: mediaName,
  };
});
