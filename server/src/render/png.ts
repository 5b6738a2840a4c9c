/**
 * A minimal PNG encoder for RGB images: enough to draw puzzle grids for hovers as data URIs without a
 * native image library. Images in hover markdown are the one rich format every VS Code version renders.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data.buffer, data.byteOffset, data.length).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB raster, 3 bytes a pixel, row-major. */
export class Raster {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
  }

  fillRect(x: number, y: number, w: number, h: number, rgb: Rgb): void {
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(this.width, x + w);
    const y1 = Math.min(this.height, y + h);
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * this.width + xx) * 3;
        this.pixels[i] = rgb[0];
        this.pixels[i + 1] = rgb[1];
        this.pixels[i + 2] = rgb[2];
      }
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, thickness: number, rgb: Rgb): void {
    this.fillRect(x, y, w, thickness, rgb);
    this.fillRect(x, y + h - thickness, w, thickness, rgb);
    this.fillRect(x, y, thickness, h, rgb);
    this.fillRect(x + w - thickness, y, thickness, h, rgb);
  }

  toPng(): Buffer {
    const stride = this.width * 3;
    const filtered = new Uint8Array((stride + 1) * this.height);
    for (let y = 0; y < this.height; y++) {
      filtered[y * (stride + 1)] = 0; // filter type "none"
      filtered.set(this.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // colour type: truecolour
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(filtered)),
      chunk('IEND', new Uint8Array(0)),
    ]);
  }

  toDataUri(): string {
    return `data:image/png;base64,${this.toPng().toString('base64')}`;
  }
}

export type Rgb = readonly [number, number, number];

export function hexRgb(hex: string): Rgb {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
