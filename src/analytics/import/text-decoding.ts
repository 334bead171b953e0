/** The encodings a visit-history file may come in: UTF-8 (with or without BOM) or Shift_JIS (Excel in Japan). */
export type FileEncoding = 'utf8' | 'shift_jis';

/**
 * Decodes a file's bytes. With no encoding given, UTF-8 is tried first and Shift_JIS second (a
 * Japanese Excel export); an undecodable file, or one with NUL bytes (not text at all), is refused.
 */
export function decodeText(
  bytes: Uint8Array,
  encoding?: FileEncoding,
): { text: string; encoding: FileEncoding } | { error: string } {
  if (bytes.includes(0)) return { error: 'the file contains NUL bytes: it is not a text (CSV) file' };
  const tryDecode = (label: FileEncoding) => {
    try {
      const decoder = new TextDecoder(label === 'utf8' ? 'utf-8' : 'shift_jis', {
        fatal: true,
        ignoreBOM: false,
      });
      return decoder.decode(bytes);
    } catch {
      return undefined;
    }
  };
  if (encoding) {
    const text = tryDecode(encoding);
    return text === undefined
      ? { error: `the file is not valid ${encoding === 'utf8' ? 'UTF-8' : 'Shift_JIS'} text` }
      : { text, encoding };
  }
  const utf8 = tryDecode('utf8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf8' };
  const sjis = tryDecode('shift_jis');
  if (sjis !== undefined) return { text: sjis, encoding: 'shift_jis' };
  return { error: 'the file is neither UTF-8 nor Shift_JIS text' };
}
