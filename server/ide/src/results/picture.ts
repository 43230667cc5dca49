// The chart as a picture to download: its panels (Recharts' SVGs) stacked under a title, with each panel's
// caption and legend written into the SVG (Recharts draws its legend in HTML). PNG is the same SVG on a canvas.

const FONT = 'font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 12px';
const TITLE_HEIGHT = 32;
const CAPTION_HEIGHT = 40;

/** One SVG document of the chart in `figure` (the panels the chart view drew). */
export function pictureOf(figure: HTMLElement, title: string): string {
  const panels = [...figure.querySelectorAll<HTMLElement>('.apo-chart-panel')];
  const width = Math.max(320, ...panels.map((p) => p.getBoundingClientRect().width));
  let y = TITLE_HEIGHT;
  const parts: string[] = [`<text x="12" y="22" font-size="16" font-weight="600">${escape(title)}</text>`];
  for (const panel of panels) {
    const svg = panel.querySelector<SVGSVGElement>('.recharts-wrapper > svg');
    if (!svg) continue;
    const caption = panel.querySelector('figcaption')?.firstChild?.textContent ?? '';
    const legend = [...panel.querySelectorAll<HTMLElement>('[data-legend-colour]')].map((item, i) => {
      const x = 12 + i * 120;
      return `<rect x="${x}" y="${y + 26}" width="10" height="10" fill="${item.dataset.legendColour}" stroke="#000"/><text x="${x + 14}" y="${y + 35}">${escape(item.textContent ?? '')}</text>`;
    });
    parts.push(`<text x="12" y="${y + 16}" font-weight="600">${escape(caption)}</text>`, ...legend);
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('x', '0');
    clone.setAttribute('y', String(y + CAPTION_HEIGHT));
    parts.push(new XMLSerializer().serializeToString(clone));
    y += CAPTION_HEIGHT + svg.height.baseVal.value;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" style='${FONT}'><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}

/** The SVG drawn on a canvas at twice its size, as PNG. */
export async function pngOf(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      image.src = url;
    });
    const canvas = Object.assign(document.createElement('canvas'), { width: image.width * 2, height: image.height * 2 });
    const context = canvas.getContext('2d')!;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('No PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** `Funding by year` → `funding-by-year.svg`. */
export function fileName(title: string, extension: string): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  return `${slug || 'chart'}.${extension}`;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
