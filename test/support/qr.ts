import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS with a default export: the function itself or under `default`, by loader.
const jsQR: Decode =
  typeof jsQRModule === 'function' ? jsQRModule : (jsQRModule as { default: Decode }).default;

/** What a QR code in a PNG says, as a phone camera would read it (undefined when none is found). */
export function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
