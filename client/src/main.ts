import './lib/zod-jitless.js'; // before anything that builds a zod schema
import { mount } from 'svelte';
import './app.css';
import PlayerApp from './player/PlayerApp.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

const report = /^\/report\/([A-Za-z0-9_-]{43})\/?$/.exec(location.pathname);

if (report) {
  document.title = 'Cram Night — report';
  void import('./learning/ReportApp.svelte').then(({ default: ReportApp }) => mount(ReportApp, { target, props: { reportId: report[1] } }));
} else if (/^\/practice\/?$/.test(location.pathname)) {
  document.title = 'Cram Night — practise alone';
  void import('./learning/PracticeApp.svelte').then(({ default: PracticeApp }) => mount(PracticeApp, { target }));
} else if (/^\/host\/remote\/?$/.test(location.pathname)) {
  // The host remote: controls only, on the host's phone (one-time link from the projector).
  document.title = 'Cram Night — host remote';
  void import('./host/RemoteApp.svelte').then(({ default: RemoteApp }) => mount(RemoteApp, { target }));
} else if (/^\/host\/?$/.test(location.pathname)) {
  // The host screen is loaded on demand, so phones never download it.
  document.title = 'Cram Night — host';
  void import('./host/HostApp.svelte').then(({ default: HostApp }) => mount(HostApp, { target }));
} else {
  mount(PlayerApp, { target, props: { pinFromUrl: new URLSearchParams(location.search).get('pin') } });
}
