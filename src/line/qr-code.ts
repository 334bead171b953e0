import QRCode from 'qrcode';

/**
 * A QR code of `text` as a PNG, drawn locally (the `qrcode` package: no service, works offline).
 * Error correction M survives a worn print or a smudged tablet; the quiet zone of 4 modules is the
 * standard's minimum, which phone cameras need to lock on.
 */
export function qrPng(text: string, width = 600): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width });
}
