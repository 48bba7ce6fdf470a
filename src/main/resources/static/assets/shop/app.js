import { call } from '/assets/common/api.js';

const app = document.getElementById('app');

async function home() {
  const categories = await call('GET', '/api/categories');
  const list = document.createElement('ul');
  for (const category of categories.items || categories) {
    const item = document.createElement('li');
    item.textContent = category.name;
    list.append(item);
  }
  const heading = document.createElement('h1');
  heading.textContent = 'Shop';
  app.replaceChildren(heading, list);
}

home().catch((error) => { app.textContent = `Could not load the shop: ${error.message}`; });
