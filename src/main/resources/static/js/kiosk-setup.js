// Staff store the kiosk's token once; it stays in this browser (localStorage), never typed by citizens.
(function () {
  'use strict';
  var form = document.getElementById('setup-form');
  var input = document.getElementById('token');
  var status = document.getElementById('setup-status');
  var fromHash = /token=([^&]+)/.exec(location.hash);
  if (fromHash) {
    input.value = decodeURIComponent(fromHash[1]);
    history.replaceState(null, '', location.pathname);
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var token = input.value.trim();
    fetch('/api/v1/kiosk/me', {headers: {Authorization: 'Bearer ' + token}}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    }).then(function (me) {
      localStorage.setItem('hailong.kiosk.token', token);
      localStorage.setItem('hailong.kiosk.profile', JSON.stringify(me));
      location.href = '/kiosk';
    }).catch(function (e) {
      status.textContent = 'Token rejected (' + e.message + ') / Token không hợp lệ';
    });
  });
})();
