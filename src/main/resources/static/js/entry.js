// Paper entry (issue 15) works without this file (Tab walks the boxes in paper order; Enter sends,
// and a box left empty is refused). With it, Enter moves to the next box like Tab, so a typist
// keeps one hand on the number pad; Enter in the last box sends the sheet. A refusal's summary
// takes focus so that a screen reader reads it first.
(function () {
  'use strict';
  var problems = document.getElementById('problems');
  if (problems && !document.querySelector('[autofocus]')) {
    problems.focus();
  }
  document.addEventListener('keydown', function (event) {
    var box = event.target;
    if (event.key !== 'Enter' || !box.form || !box.form.classList.contains('entry-sheet') || box.tagName !== 'INPUT') {
      return;
    }
    event.preventDefault();
    var boxes = Array.prototype.filter.call(box.form.querySelectorAll('input[type=text]'), function (b) { return !b.disabled; });
    var next = boxes[boxes.indexOf(box) + 1];
    if (next) {
      next.focus();
      next.select();
    } else if (box.form.requestSubmit) {
      box.form.requestSubmit();
    } else {
      box.form.submit();
    }
  });
}());
