// Renders public/favicon.svg into the PNG icons and favicon.ico beside it, with the same
// Chromium the browser tests use. Run it after changing the SVG: `npx tsx scripts/render-icons.ts`
// (the outputs are committed; nothing runs this at build or start).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const PUBLIC = path.resolve(import.meta.dirname, "../public");
const svg = readFileSync(path.join(PUBLIC, "favicon.svg"), "utf8");

// A maskable icon is cropped to a circle or squircle by the platform: a full-bleed square
// background, the glyph inside the central safe zone (80 %).
const maskable = svg
  .replace(/<rect [^>]*\/>/, '<rect width="64" height="64" fill="#4338ca"/>')
  .replace("<path ", '<path transform="translate(9.6 9.6) scale(0.7)" ');

const outputs: { file: string; size: number; source: string }[] = [
  { file: "favicon-16.png", size: 16, source: svg },
  { file: "favicon-32.png", size: 32, source: svg },
  { file: "favicon-48.png", size: 48, source: svg },
  // iOS rounds the corners itself and shows transparency as black: full-bleed square
  { file: "apple-touch-icon.png", size: 180, source: maskable.replace('transform="translate(9.6 9.6) scale(0.7)"', 'transform="translate(6.4 6.4) scale(0.8)"') },
  { file: "icon-192.png", size: 192, source: svg },
  { file: "icon-512.png", size: 512, source: svg },
  { file: "icon-maskable-512.png", size: 512, source: maskable },
];

/** An .ico holding PNG images (supported by every browser since IE Vista-era). */
function icoOf(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + images.length * 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + index * 16;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2);
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

const browser = await chromium.launch({
  executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const rendered = new Map<string, Buffer>();
  for (const { file, size, source } of outputs) {
    await page.setViewportSize({ width: size, height: size });
    const sized = source.replace(/width="64" height="64"/, `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.locator("svg").screenshot({ omitBackground: true });
    writeFileSync(path.join(PUBLIC, file), png);
    rendered.set(file, png);
    console.log(`${file} ${size}×${size} ${png.length} bytes`);
  }
  const ico = icoOf(
    [16, 32, 48].map((size) => ({ size, png: rendered.get(`favicon-${size}.png`) ?? Buffer.alloc(0) })),
  );
  writeFileSync(path.join(PUBLIC, "favicon.ico"), ico);
  console.log(`favicon.ico ${ico.length} bytes`);
} finally {
  await browser.close();
}
