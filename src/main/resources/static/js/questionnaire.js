// The phone questionnaire works without this file; with it, the error summary takes focus (or, on
// a later page of the paged form, the page heading, so a screen reader starts at the new part) and
// a "choose up to N" question stops at N (the server refuses more either way).
(function () {
  'use strict';
  var problems = document.getElementById('problems');
  var page = document.querySelector('input[type=hidden][name=page]');
  var heading = document.getElementById('page-title');
  if (problems) {
    problems.focus();
  } else if (heading && page && page.value !== '1') {
    heading.focus();
  }
  var limited = document.querySelectorAll('fieldset[data-max-choices]');
  Array.prototype.forEach.call(limited, function (fieldset) {
    var max = parseInt(fieldset.getAttribute('data-max-choices'), 10);
    var boxes = fieldset.querySelectorAll('input[type=checkbox]');
    function update() {
      var checked = fieldset.querySelectorAll('input[type=checkbox]:checked').length;
      Array.prototype.forEach.call(boxes, function (box) {
        box.disabled = !box.checked && checked >= max;
      });
    }
    fieldset.addEventListener('change', update);
    update();
  });
})();
