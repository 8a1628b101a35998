// The poster's print button (no inline handlers: the Content-Security-Policy allows scripts from /static only).
(function () {
  'use strict';
  var button = document.getElementById('print-poster');
  if (button) { button.addEventListener('click', function () { window.print(); }); }
})();
