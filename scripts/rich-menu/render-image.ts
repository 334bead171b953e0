/**
 * Renders the rich menu image shipped as scripts/rich-menu/rich-menu.png (2500 × 843, PNG under
 * LINE's 1 MB limit) from SVG with resvg and the Noto Sans JP font of the npm package the /stats
 * chart uses: no browser, no system font. Run it again after changing the areas:
 *   node --import tsx scripts/rich-menu/render-image.ts
 */
import { statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { RICH_MENU_AREAS, RICH_MENU_SIZE } from '../../src/line/rich-menu.js';

/** Simple line icons drawn in SVG (a 200 × 200 box), so the image needs no emoji font. */
const stroke =
  'fill="none" stroke="#1f3b2d" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"';
const ICONS: Record<string, string> = {
  'check-in': `<path d="M30 70V40a10 10 0 0 1 10-10h30M130 30h30a10 10 0 0 1 10 10v30M170 130v30a10 10 0 0 1-10 10h-30M70 170H40a10 10 0 0 1-10-10v-30" ${stroke}/><rect x="65" y="65" width="70" height="70" rx="6" ${stroke}/>`,
  booking: `<rect x="25" y="40" width="150" height="135" rx="14" ${stroke}/><path d="M25 80h150M65 20v40M135 20v40M60 115h20M95 115h20M130 115h20M60 145h20M95 145h20" ${stroke}/>`,
  birthday: `<rect x="30" y="100" width="140" height="75" rx="10" ${stroke}/><path d="M30 130c25 15 45-15 70 0s45 15 70 0M70 100V70M100 100V70M130 100V70M70 45v5M100 40v10M130 45v5" ${stroke}/>`,
  contact: `<path d="M30 45h140a12 12 0 0 1 12 12v80a12 12 0 0 1-12 12H95l-40 30v-30H30a12 12 0 0 1-12-12V57a12 12 0 0 1 12-12z" ${stroke}/><path d="M60 95h80M60 120h50" ${stroke}/>`,
  stop: `<path d="M100 30c-35 0-55 25-55 60v35l-20 25h150l-20-25V90c0-35-20-60-55-60zM85 170a15 15 0 0 0 30 0" ${stroke}/><path d="M30 30l140 140" ${stroke}/>`,
};

const { width, height } = RICH_MENU_SIZE;
const cell = width / RICH_MENU_AREAS.length;
const cells = RICH_MENU_AREAS.map((area, index) => {
  const x = index * cell;
  const fill = index % 2 === 0 ? '#e8f3ec' : '#d5eadc';
  const label = area.label.length > 5 ? 76 : 92;
  return [
    `<rect x="${x}" y="0" width="${cell}" height="${height}" fill="${fill}"/>`,
    index > 0 ? `<rect x="${x - 3}" y="0" width="6" height="${height}" fill="#ffffff"/>` : '',
    `<g transform="translate(${x + cell / 2 - 120} 180) scale(1.2)">${ICONS[area.action]}</g>`,
    `<text x="${x + cell / 2}" y="640" font-size="${label}" font-weight="700" text-anchor="middle" fill="#1f3b2d">${area.label}</text>`,
  ].join('');
}).join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans JP">${cells}</svg>`;

const require = createRequire(import.meta.url);
const font = require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf');
const png = new Resvg(svg, {
  font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'Noto Sans JP' },
})
  .render()
  .asPng();
const output = fileURLToPath(new URL('./rich-menu.png', import.meta.url));
writeFileSync(output, png);
console.log(`${output} (${statSync(output).size} bytes)`);
