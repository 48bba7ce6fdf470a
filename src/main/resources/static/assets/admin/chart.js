// A bar chart as inline SVG, built here so the console needs no chart library: the SVG scales to
// its container (viewBox), and carries a title and description for screen readers.
const SVG = 'http://www.w3.org/2000/svg';
const PAD = { top: 16, right: 12, bottom: 36, left: 56 };

function node(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// 1, 2 or 5 times a power of ten, so the axis reads in round numbers
function niceCeiling(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/**
 * @param points  [{label, value}] in order
 * @param options {title, description, format(value) -> axis text, id, integer: counts, so no fractional gridline,
 *                 width: the drawing's width in CSS pixels (drawn at the size it is shown, text stays legible on a phone)}
 */
export function barChart(points, { title, description, format = String, id, integer = false, width = 720 } = {}) {
  const WIDTH = Math.max(280, Math.round(width));
  const HEIGHT = Math.round(Math.min(260, Math.max(180, WIDTH / 3)));
  const svg = node('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'chart', 'aria-labelledby': `${id}-title ${id}-desc`, id });
  svg.append(node('title', { id: `${id}-title` }, title), node('desc', { id: `${id}-desc` }, description));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const top = niceCeiling(Math.max(0, ...points.map((p) => p.value)));
  const y = (value) => PAD.top + plotHeight - (value / top) * plotHeight;
  for (const fraction of [0, 0.5, 1]) {
    const value = top * fraction;
    if (integer && !Number.isInteger(value)) continue;
    svg.append(node('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: 'grid-line' }),
      node('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, format(value)));
  }
  const slot = plotWidth / Math.max(points.length, 1);
  const barWidth = Math.max(1, slot * 0.75);
  const labelEvery = Math.ceil(points.length / Math.max(2, Math.floor(plotWidth / 56)));
  points.forEach((point, index) => {
    const x = PAD.left + index * slot + (slot - barWidth) / 2;
    const bar = node('rect', { x, y: y(point.value), width: barWidth, height: Math.max(0, PAD.top + plotHeight - y(point.value)), class: 'bar' });
    bar.append(node('title', {}, `${point.label}: ${format(point.value)}`));
    svg.append(bar);
    if (index % labelEvery === 0) {
      svg.append(node('text', { x: x + barWidth / 2, y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle', class: 'axis' }, point.short || point.label));
    }
  });
  svg.append(node('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), class: 'axis-line' }));
  return svg;
}
