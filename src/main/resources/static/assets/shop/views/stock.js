// What to tell a shopper about an `insufficient-stock` refusal (409 with `available` and `sku`).
// `available` counts units beyond what the shopper already holds, so a cart line adds its own hold.
export function stockMessage(problem, title, alreadyHeld = 0) {
  const extra = problem.problem.available;
  const what = title || problem.problem.sku || 'this item';
  if (extra === undefined || extra === null) return `Not enough of ${what} in stock.`;
  const most = Number(extra) + alreadyHeld;
  if (most <= 0) return `Sorry, ${what} is sold out right now.`;
  return `Only ${most} of ${what} left: lower the quantity to ${most} or less.`;
}
