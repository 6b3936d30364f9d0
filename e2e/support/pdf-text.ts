/**
 * Just enough PDF reading to check what Chromium's print to PDF wrote, with Node's zlib only:
 * the objects, their (FlateDecode) streams, the pages with their MediaBox, the image XObjects,
 * and the text. Chromium (Skia) writes text with Type0 fonts whose glyph ids mean nothing
 * without the font's ToUnicode CMap: the text is found by reading each page's content stream,
 * following `Tf` to the font, and decoding the hex strings of `Tj` / `TJ` through that CMap
 * (`bfchar` and `bfrange`). Not a general PDF parser: no object streams, no encryption, no
 * cross-reference streams (Chromium writes none of them).
 */
import zlib from 'node:zlib';

export interface PdfObject {
  id: number;
  /** The object's dictionary (or value) as text, without its stream. */
  dict: string;
  /** The stream, decoded (FlateDecode inflated), or null. */
  stream: Buffer | null;
}

export interface PdfPage {
  /** [x0, y0, x1, y1] in points. */
  mediaBox: number[];
  text: string;
}

export interface PdfDocument {
  objects: Map<number, PdfObject>;
  pages: PdfPage[];
  /** Image XObjects: their width and height in pixels. */
  images: { id: number; width: number; height: number }[];
  /** All pages' text. */
  text: string;
}

/** The objects of a PDF (`n g obj ... endobj`), streams inflated. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const source = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const head = /(\d+)\s+\d+\s+obj\b/g;
  for (let match = head.exec(source); match !== null; match = head.exec(source)) {
    const id = Number(match[1]);
    const start = match.index + match[0].length;
    const streamAt = source.indexOf('stream', start);
    const endAt = source.indexOf('endobj', start);
    if (endAt < 0) break;
    if (streamAt < 0 || streamAt > endAt) {
      objects.set(id, { id, dict: source.slice(start, endAt).trim(), stream: null });
      head.lastIndex = endAt;
      continue;
    }
    const dict = source.slice(start, streamAt).trim();
    let dataStart = streamAt + 'stream'.length;
    if (source[dataStart] === '\r') dataStart++;
    if (source[dataStart] === '\n') dataStart++;
    const lengthMatch = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const dataEnd = lengthMatch
      ? dataStart + Number(lengthMatch[1])
      : source.indexOf('endstream', dataStart);
    let stream = pdf.subarray(dataStart, dataEnd);
    if (/\/Filter\s*\/FlateDecode/.test(dict)) stream = zlib.inflateSync(stream);
    objects.set(id, { id, dict, stream });
    head.lastIndex = source.indexOf('endobj', dataEnd) + 'endobj'.length;
  }
  return objects;
}

/** The value after `/key` in a dictionary's text: a nested `<< >>`, an array, or a token. */
export function dictValue(dict: string, key: string): string | null {
  const at = new RegExp(`/${key}(?![A-Za-z0-9])\\s*`).exec(dict);
  if (!at) return null;
  const start = at.index + at[0].length;
  if (dict.startsWith('<<', start)) {
    let depth = 0;
    for (let i = start; i < dict.length - 1; i++) {
      if (dict.startsWith('<<', i)) {
        depth++;
        i++;
      } else if (dict.startsWith('>>', i)) {
        depth--;
        i++;
        if (depth === 0) return dict.slice(start, i + 1);
      }
    }
    return null;
  }
  if (dict[start] === '[') return dict.slice(start, dict.indexOf(']', start) + 1);
  const ref = /^(\d+)\s+\d+\s+R/.exec(dict.slice(start));
  if (ref) return ref[0];
  return /^[^\s/<>[\]]+|^\/[^\s/<>[\]]+/.exec(dict.slice(start))?.[0] ?? null;
}

/** A value that may be an indirect reference (`n 0 R`), resolved to the object's text. */
function resolved(objects: Map<number, PdfObject>, value: string | null): string | null {
  if (value === null) return null;
  const ref = /^(\d+)\s+\d+\s+R$/.exec(value.trim());
  return ref ? (objects.get(Number(ref[1]))?.dict ?? null) : value;
}

function refs(value: string | null): number[] {
  if (value === null) return [];
  return [...value.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));
}

/** A ToUnicode CMap: code (hex, upper case) -> text; and the code length in bytes. */
export interface ToUnicode {
  map: Map<string, string>;
  codeBytes: number;
}

const utf16 = (hex: string): string => {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCodePoint(...[...text].map((c) => c.codePointAt(0) ?? 0));
};

/** Parses the `bfchar` and `bfrange` sections of a ToUnicode CMap. */
export function parseToUnicode(cmap: string): ToUnicode {
  const map = new Map<string, string>();
  let codeBytes = 1;
  const widthOf = (hex: string): void => {
    codeBytes = Math.max(codeBytes, hex.length / 2);
  };
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of section[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) {
      widthOf(pair[1]);
      map.set(pair[1].toUpperCase(), utf16(pair[2]));
    }
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = section[1];
    const range = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g;
    for (const r of body.matchAll(range)) {
      widthOf(r[1]);
      const lo = parseInt(r[1], 16);
      const hi = parseInt(r[2], 16);
      const width = r[1].length;
      const code = (n: number): string => n.toString(16).toUpperCase().padStart(width, '0');
      if (r[3].startsWith('[')) {
        const targets = [...r[3].matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => m[1]);
        targets.forEach((target, i) => map.set(code(lo + i), utf16(target)));
      } else {
        const first = r[3].slice(1, -1);
        // The last UTF-16 unit counts up with the code.
        const stem = first.slice(0, -4);
        const last = parseInt(first.slice(-4), 16);
        for (let n = lo; n <= hi; n++) {
          const unit = (last + n - lo).toString(16).padStart(4, '0');
          map.set(code(n), utf16(stem + unit));
        }
      }
    }
  }
  return { map, codeBytes };
}

/** Decodes a string's bytes (as hex) through a ToUnicode CMap (unknown codes: U+FFFD). */
export function decodeWith(cmap: ToUnicode | null, hex: string): string {
  const clean = hex.replace(/\s+/g, '').toUpperCase();
  if (cmap === null) {
    let latin = '';
    for (let i = 0; i + 2 <= clean.length; i += 2)
      latin += String.fromCharCode(parseInt(clean.slice(i, i + 2), 16));
    return latin;
  }
  const step = cmap.codeBytes * 2;
  let text = '';
  for (let i = 0; i + step <= clean.length; i += step)
    text += cmap.map.get(clean.slice(i, i + step)) ?? '\uFFFD';
  return text;
}

/** A literal string `( ... )` (escapes resolved) as hex, so it decodes like a hex string. */
function literalToHex(literal: string): string {
  let bytes = '';
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i];
    if (c !== '\\') {
      bytes += c;
      continue;
    }
    const next = literal[++i];
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    if (next in escapes) bytes += escapes[next];
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(literal.slice(i))?.[0] ?? next;
      bytes += String.fromCharCode(parseInt(octal, 8));
      i += octal.length - 1;
    } else bytes += next;
  }
  return [...bytes].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

/** A PDF string token (`<hex>` or `(literal)`) as hex. */
function stringHex(token: string): string {
  return token.startsWith('<') ? token.slice(1, -1) : literalToHex(token.slice(1, -1));
}

/** ActualText as text: a hex string is UTF-16BE (with a BOM), a literal one PDFDocEncoding. */
function actualText(token: string): string {
  const hex = stringHex(token).replace(/\s+/g, '').toUpperCase();
  if (hex.startsWith('FEFF')) return utf16(hex.slice(4));
  return decodeWith(null, hex);
}

/**
 * The text of a content stream: the strings of `Tj`, `'`, `"` and `TJ` decoded with the font of
 * the last `Tf`. Chromium places some runs glyph by glyph (`Td` by each advance, spaces drawn as
 * glyphs), so a move along the line separates nothing; a move to another line (or back), a new
 * text matrix or text object, a line break. A `TJ` gap wider than a fifth of an em is a space. A ligature drawn as one glyph is
 * given by its marked-content ActualText (`/Span << /ActualText (fi) >> BDC ... EMC`).
 */
export function contentText(content: string, fonts: Map<string, ToUnicode | null>): string {
  const token =
    /\/Span\s*<<\s*\/ActualText\s*(\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>)\s*>>\s*BDC|\/([^\s/<>[\]()]+)\s+(-?[\d.]+)\s+Tf|<([0-9A-Fa-f\s]*)>|\((?:\\[\s\S]|[^\\)])*\)|\[|\]|(-?[\d.]+)|(BT|ET|Td|TD|T\*|Tm|Tj|TJ|EMC|'|")(?![A-Za-z])/g;
  let font: ToUnicode | null = null;
  let text = '';
  let inArray = false;
  let pending = '';
  let replacement: string | null = null;
  let operands: number[] = [];
  for (const m of content.matchAll(token)) {
    const [whole, actual, fontName, , hex, number, operator] = m;
    if (actual !== undefined) {
      replacement = actualText(actual);
    } else if (fontName !== undefined) {
      font = fonts.get(fontName) ?? null;
    } else if (hex !== undefined) pending += decodeWith(font, hex);
    else if (whole.startsWith('(')) pending += decodeWith(font, stringHex(whole));
    else if (whole === '[') inArray = true;
    else if (whole === ']') inArray = false;
    else if (number !== undefined) {
      if (inArray && Number(number) < -200) pending += ' ';
      if (!inArray) operands = [...operands.slice(-5), Number(number)];
    } else if (operator === 'Tj' || operator === 'TJ' || operator === "'" || operator === '"') {
      const shown = replacement === null ? pending : '';
      text += (operator === "'" || operator === '"' ? '\n' : '') + shown;
      pending = '';
    } else if (operator === 'EMC') {
      if (replacement !== null) text += replacement;
      replacement = null;
    } else if (operator === 'Td' || operator === 'TD') {
      const [tx, ty] = operands.slice(-2);
      // Td is relative to the start of the line, not to the last glyph: without the fonts'
      // widths a gap cannot be told from an advance, and Chromium draws spaces as glyphs.
      if (ty !== 0 || tx < 0) text += '\n';
      pending = '';
    } else if (operator !== undefined) {
      text += '\n';
      pending = '';
    }
    if (number === undefined) {
      if (operator !== undefined || fontName !== undefined) operands = [];
    }
  }
  return text;
}

/** Reads a PDF: pages (MediaBox and text), image XObjects, all text. */
export function readPdf(pdf: Buffer): PdfDocument {
  const objects = pdfObjects(pdf);
  const cmaps = new Map<number, ToUnicode | null>();
  const cmapOfFont = (fontId: number): ToUnicode | null => {
    if (!cmaps.has(fontId)) {
      const font = objects.get(fontId);
      const toUnicode = refs(font ? dictValue(font.dict, 'ToUnicode') : null)[0];
      const stream = toUnicode === undefined ? null : objects.get(toUnicode)?.stream;
      cmaps.set(fontId, stream ? parseToUnicode(stream.toString('latin1')) : null);
    }
    return cmaps.get(fontId) ?? null;
  };

  const pages: PdfPage[] = [];
  for (const object of objects.values()) {
    if (!/\/Type\s*\/Page(?![a-z])/.test(object.dict)) continue;
    const box = dictValue(object.dict, 'MediaBox') ?? '';
    const mediaBox = [...box.matchAll(/-?[\d.]+/g)].map((n) => Number(n[0]));
    const resources = resolved(objects, dictValue(object.dict, 'Resources')) ?? '';
    const fontDict = resolved(objects, dictValue(resources, 'Font')) ?? '';
    const fonts = new Map<string, ToUnicode | null>();
    for (const entry of fontDict.matchAll(/\/([^\s/<>[\]]+)\s+(\d+)\s+\d+\s+R/g)) {
      fonts.set(entry[1], cmapOfFont(Number(entry[2])));
    }
    const text = refs(dictValue(object.dict, 'Contents'))
      .map((id) => objects.get(id)?.stream?.toString('latin1') ?? '')
      .map((content) => contentText(content, fonts))
      .join('\n');
    pages.push({ mediaBox, text });
  }
  const images = [...objects.values()]
    .filter((o) => /\/Subtype\s*\/Image/.test(o.dict))
    .map((o) => ({
      id: o.id,
      width: Number(dictValue(o.dict, 'Width') ?? 0),
      height: Number(dictValue(o.dict, 'Height') ?? 0),
    }));
  return { objects, pages, images, text: pages.map((p) => p.text).join('\n') };
}
