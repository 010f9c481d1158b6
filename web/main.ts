// The browser entry: mount the first screen into index.html's #app.
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount into');
mount(App, { target });
