// Kiosk service worker: the kiosk must start and run with the network down. Pages and assets are
// served from the cache when the network fails; survey definitions and the kiosk profile are
// fetched fresh when possible and fall back to the cached copy. Submissions (POST) always go to
// the network: the page keeps them in its outbox until the server acknowledges them.
var CACHE = 'hailong-kiosk-v1';
var SHELL = ['/kiosk', '/static/css/kiosk.css', '/static/js/kiosk.js'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreSearch: true}).then(function (hit) {
      return hit || new Response('offline', {status: 503, headers: {'Retry-After': '5'}});
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === '/kiosk' || url.pathname.indexOf('/static/') === 0
      || url.pathname.indexOf('/api/v1/surveys/') === 0 || url.pathname === '/api/v1/kiosk/me') {
    event.respondWith(networkFirst(request));
  }
});
