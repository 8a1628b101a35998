// Starts Swagger UI on the /api page. A file of its own, not Swagger UI's inline initializer: the
// Content-Security-Policy allows scripts from this site only. No validator badge (it would call
// validator.swagger.io); "Try it out" calls this server (the description's servers entry is "/").
window.addEventListener('DOMContentLoaded', function () {
  var root = document.getElementById('swagger-ui');
  if (!root || typeof window.SwaggerUIBundle !== 'function') {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute('data-spec'),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    persistAuthorization: false
  });
});
