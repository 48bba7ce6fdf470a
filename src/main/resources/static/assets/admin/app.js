const app = document.getElementById('app');
const heading = document.createElement('h1');
heading.textContent = 'Console';
app.replaceChildren(heading);
