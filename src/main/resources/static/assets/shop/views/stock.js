// What to tell a shopper about an `insufficient-stock` refusal (409 with `available` and `sku`).
export function stockMessage(problem, title) {
  const available = problem.problem.available;
  const what = title || problem.problem.sku || 'this item';
  if (available === 0 || available === '0') return `Sorry, ${what} is sold out right now.`;
  if (available !== undefined) return `Only ${available} of ${what} left: lower the quantity to ${available} or less.`;
  return `Not enough of ${what} in stock.`;
}
