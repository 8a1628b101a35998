// Hailong kiosk: a touch-first questionnaire on a shared screen at a counter.
// - The kiosk's token lives in this browser (set once on /kiosk/setup); citizens never see it.
// - A response gets its id when the citizen starts; finished responses wait in localStorage
//   (the outbox) and are sent with the batch endpoint, retried with backoff until acknowledged.
//   The id makes every retry safe: the server stores each response once.
// - Between citizens everything is cleared: after thank-you, after the idle time, on back/forward.
// - A citizen with a receipt may first type (or scan) its rating code: the kiosk checks it, then the
//   one-stop rating is sent with that code and the server ties it to the dossier, using the code up
//   in the transaction that stores it. Without a code nothing changes: the start screen's buttons
//   lead where they always did.
(function () {
  'use strict';

  var TOKEN = 'hailong.kiosk.token';
  var PROFILE = 'hailong.kiosk.profile';
  var OUTBOX = 'hailong.kiosk.outbox';
  var REJECTED = 'hailong.kiosk.rejected';
  var DEFINITION = 'hailong.kiosk.definition.';
  var FULL = 'sipas-2017';
  var QUICK = 'one-stop-rating';

  var body = document.body;
  var main = document.getElementById('kiosk-main');
  var texts = JSON.parse(document.getElementById('kiosk-texts').textContent);
  var idleSeconds = parseInt(body.getAttribute('data-idle'), 10) || 60;
  var thanksSeconds = parseInt(body.getAttribute('data-thanks'), 10) || 6;
  var heartbeatSeconds = parseInt(body.getAttribute('data-heartbeat'), 10) || 60;
  // How long the "are you still there?" overlay counts down before the reset (10 s unless the idle time is very short).
  var warningSeconds = parseInt(body.getAttribute('data-warning'), 10) || 10;
  var NOT_GIVEN = 'not-given';
  var lang = body.getAttribute('data-lang') === 'en' ? 'en' : 'vi';

  var profile = readJson(PROFILE, null);
  var state = null;          // the current citizen's response, in memory only
  var idleTimer = null;
  var countdownTimer = null;
  var thanksTimer = null;
  var flushTimer = null;
  var flushing = false;
  var failures = 0;

  // ---------- small helpers ----------
  function t(key) { return (texts[lang] && texts[lang][key]) || (texts.vi && texts.vi[key]) || key; }
  function tr(text) { return text ? (text[lang] || text.vi) : ''; }
  function readJson(key, fallback) {
    try { var v = localStorage.getItem(key); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function writeJson(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') { node.textContent = attrs[name]; }
      else if (name.indexOf('on') === 0) { node.addEventListener(name.substring(2), attrs[name]); }
      else if (attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== false) { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  // A face drawn as SVG (no emoji font needed): mood from -1 (very unhappy) to 1 (very happy).
  function face(mood) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 48 48');
    svg.setAttribute('class', 'face');
    svg.setAttribute('aria-hidden', 'true');
    var y = 33 - 3 * mood;
    [['circle', {cx: 24, cy: 24, r: 21, fill: 'none', stroke: 'currentColor', 'stroke-width': 3}],
     ['circle', {cx: 17, cy: 19, r: 2.5, fill: 'currentColor'}],
     ['circle', {cx: 31, cy: 19, r: 2.5, fill: 'currentColor'}],
     ['path', {d: 'M14 ' + y + ' Q24 ' + (y + 9 * mood) + ' 34 ' + y, fill: 'none', stroke: 'currentColor',
       'stroke-width': 3, 'stroke-linecap': 'round'}]].forEach(function (part) {
      var node = document.createElementNS(ns, part[0]);
      Object.keys(part[1]).forEach(function (k) { node.setAttribute(k, part[1][k]); });
      svg.appendChild(node);
    });
    return svg;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).substring(1); }).join('');
    return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + h.substring(16, 20) + '-' + h.substring(20);
  }
  function offsetNow() {
    var d = new Date(), off = -d.getTimezoneOffset(), sign = off >= 0 ? '+' : '-', a = Math.abs(off);
    function p(n) { return (n < 10 ? '0' : '') + n; }
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' +
      p(d.getMinutes()) + ':' + p(d.getSeconds()) + sign + p(Math.floor(a / 60)) + ':' + p(a % 60);
  }
  function token() { return localStorage.getItem(TOKEN); }
  function api(path, options) {
    options = options || {};
    options.headers = options.headers || {};
    options.headers.Authorization = 'Bearer ' + token();
    if (options.body) { options.headers['Content-Type'] = 'application/json'; }
    return fetch(path, options);
  }

  // ---------- data: profile and definitions, cached for offline starts ----------
  function loadProfile() {
    return api('/api/v1/kiosk/me').then(function (r) {
      if (!r.ok) { throw new Error('profile ' + r.status); }
      return r.json();
    }).then(function (me) { profile = me; writeJson(PROFILE, me); return me; })
      .catch(function () { return profile; });
  }
  function definition(code) {
    return fetch('/api/v1/surveys/' + encodeURIComponent(code)).then(function (r) {
      if (!r.ok) { throw new Error('survey ' + r.status); }
      return r.json();
    }).then(function (def) { writeJson(DEFINITION + code, def); return def; })
      .catch(function () { return readJson(DEFINITION + code, null); });
  }

  // ---------- the outbox ----------
  function outbox() { return readJson(OUTBOX, []); }
  function showOutbox() {
    document.getElementById('outbox-count').textContent = String(outbox().length);
    document.getElementById('net-state').textContent = navigator.onLine ? '' : t('offline');
  }
  function enqueue(response) {
    var queue = outbox();
    queue.push(response);
    writeJson(OUTBOX, queue);
    showOutbox();
    flush();
  }
  // Tells the server this kiosk is alive and how many answers wait here, so the admin page and
  // the metrics show kiosks that stopped sending. Best effort: a failure changes nothing here.
  function heartbeat() {
    if (!token()) { return; }
    api('/api/v1/kiosk/heartbeat', {method: 'POST', body: JSON.stringify({waiting: outbox().length})})
      .catch(function () { /* offline: the next heartbeat will tell */ });
  }
  function scheduleFlush(seconds) {
    clearTimeout(flushTimer);
    flushTimer = setTimeout(flush, seconds * 1000);
  }
  function flush() {
    var queue = outbox();
    if (flushing || queue.length === 0 || !token()) { showOutbox(); return; }
    flushing = true;
    var sending = queue.slice(0, 100);
    api('/api/v1/responses:batch', {method: 'POST', body: JSON.stringify({responses: sending})})
      .then(function (r) {
        if (!r.ok) { throw new Error('batch ' + r.status); }
        return r.json();
      })
      .then(function (result) {
        var done = {}, rejected = readJson(REJECTED, []);
        result.results.forEach(function (item, i) {
          if (item.status === 'stored' || item.status === 'duplicate') { done[sending[i].id] = true; }
          else if (item.status === 'rejected' && item.code !== 429 && item.code < 500) {
            // The server will never accept it as it is: keep it aside for staff, stop resending.
            done[sending[i].id] = true;
            rejected.push({response: sending[i], problem: item});
          }
        });
        writeJson(REJECTED, rejected.slice(-50));
        writeJson(OUTBOX, outbox().filter(function (r) { return !done[r.id]; }));
        failures = 0;
        flushing = false;
        showOutbox();
        heartbeat();
        if (outbox().length > 0) { scheduleFlush(1); }
      })
      .catch(function () {
        flushing = false;
        failures += 1;
        showOutbox();
        heartbeat();
        // Backoff with jitter: 2, 4, 8 ... up to 60 s, so a centre of kiosks does not stampede.
        var delay = Math.min(60, Math.pow(2, failures)) * (0.75 + Math.random() * 0.5);
        scheduleFlush(delay);
      });
  }

  // ---------- idle reset, privacy between citizens ----------
  function armIdle() {
    clearTimeout(idleTimer);
    clearInterval(countdownTimer);
    document.getElementById('idle-warning').hidden = true;
    if (!state) { return; }
    var warnAt = Math.max(1, idleSeconds - warningSeconds);
    idleTimer = setTimeout(function () {
      var left = idleSeconds - warnAt;
      var box = document.getElementById('idle-warning');
      var counter = document.getElementById('idle-countdown');
      counter.textContent = String(left);
      box.hidden = false;
      document.getElementById('idle-continue').focus();
      countdownTimer = setInterval(function () {
        left -= 1;
        counter.textContent = String(Math.max(0, left));
        if (left <= 0) { keepStartedRating(); reset(); }
      }, 1000);
    }, warnAt * 1000);
  }
  // A one-stop rating tapped and then left is sent, not dropped: the citizen did give it. A missing
  // reason that the rating requires is recorded as "not-given" (an option of one-stop-rating
  // version 2), so the figures count the rating and say that no reason came with it.
  function keepStartedRating() {
    if (!state || !state.quick || !profile) { return; }
    var rated = state.def.elements.some(function (e) {
      return e.criteria.some(function (c) { return state.answers[c.code] !== undefined; });
    });
    if (!rated) { return; }
    state.def.questions.forEach(function (q) {
      var offersNotGiven = (q.options || []).some(function (o) { return o.code === NOT_GIVEN; });
      if (isRequired(q) && state.answers[q.code] === undefined && offersNotGiven) { state.answers[q.code] = NOT_GIVEN; }
    });
    send();
  }
  function reset() {
    state = null;
    clearTimeout(thanksTimer);
    clearTimeout(idleTimer);
    clearInterval(countdownTimer);
    document.getElementById('idle-warning').hidden = true;
    renderStart();
  }
  ['pointerdown', 'keydown', 'input'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (state && !event.target.closest('#idle-warning')) { armIdle(); }
    }, true);
  });
  document.getElementById('idle-continue').addEventListener('click', armIdle);
  // Back/forward cache: a page restored from memory must not show the last person's answers.
  window.addEventListener('pageshow', function (event) { if (event.persisted) { reset(); } });

  // ---------- rendering ----------
  function setLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    document.title = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (node) {
      node.textContent = t(node.getAttribute('data-t'));
    });
    document.getElementById('lang-vi').setAttribute('aria-pressed', String(lang === 'vi'));
    document.getElementById('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
    if (state && state.step !== 'thanks') { state.language = lang; }
    showPlace();
    showOutbox();
    render();
  }
  function showPlace() {
    document.getElementById('agency-name').textContent = profile ? (lang === 'en' ? profile.agency.nameEn : profile.agency.nameVi) : '';
    document.getElementById('kiosk-label').textContent = profile ? profile.label : '';
  }
  function screen(heading, content) {
    main.textContent = '';
    var h = el('h1', {id: 'screen-title', tabindex: '-1', text: heading});
    main.appendChild(h);
    content.forEach(function (c) { if (c) { main.appendChild(c); } });
    h.focus();
  }
  function render() {
    if (!state) { renderStart(); }
    else if (state.step === 'thanks') { renderThanks(); }
    else if (state.step === 'code') { renderCode(); }
    else if (state.quick) { renderQuick(); }
    else if (state.step >= state.screens.length) { renderReview(); }
    else { renderScreen(); }
  }

  function renderStart() {
    if (!token()) {
      screen(t('notSetUp'), [el('p', {text: t('notSetUpText')})]);
      return;
    }
    var offers = profile ? profile.surveys : [FULL];
    var buttons = [];
    if (offers.indexOf(QUICK) >= 0) {
      buttons.push(el('button', {type: 'button', id: 'start-quick', 'class': 'kbtn big', onclick: function () { begin(QUICK); }},
        [el('span', {text: t('startQuick')}), el('small', {text: t('startQuickHint')})]));
    }
    if (offers.indexOf(FULL) >= 0) {
      buttons.push(el('button', {type: 'button', id: 'start', 'class': 'kbtn big primary', onclick: function () { begin(FULL); }},
        [el('span', {text: t('startFull')}), el('small', {id: 'start-hint', text: fullHint()})]));
    }
    // An extra, optional way in for a citizen holding a receipt; the two buttons above stay as they were.
    var withCode = offers.indexOf(QUICK) >= 0 ? el('div', {'class': 'kcode-entry'}, [
      el('button', {type: 'button', id: 'start-code', 'class': 'kbtn', onclick: function () { askCode(''); }},
        [el('span', {text: t('code.start')}), el('small', {text: t('code.startHint')})])]) : null;
    screen(t('welcome'), [el('p', {'class': 'klead', text: t('welcomeText')}), el('div', {'class': 'kstart'}, buttons), withCode,
      el('p', {'class': 'kprivacy'}, [el('a', {id: 'privacy-link', href: '/privacy?lang=' + lang, text: t('privacy')})])]);
    main.setAttribute('data-screen', 'start');
  }

  // ---------- a rating code from the receipt (issue 13) ----------
  var CODE_LETTERS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  // The server's reading of a typed code (RatingCodes.normalize): case, spaces and dashes do not
  // matter, O is 0, I and L are 1; twelve characters of Crockford's base32, or no code at all.
  function normalizeCode(typed) {
    var code = '';
    var chars = String(typed || '').toUpperCase().replace(/[\s-]/g, '');
    for (var i = 0; i < chars.length; i++) {
      var c = chars.charAt(i) === 'O' ? '0' : (chars.charAt(i) === 'I' || chars.charAt(i) === 'L' ? '1' : chars.charAt(i));
      if (CODE_LETTERS.indexOf(c) < 0) { return null; }
      code += c;
    }
    return code.length === 12 ? code.substring(0, 4) + '-' + code.substring(4, 8) + '-' + code.substring(8) : null;
  }
  function askCode(typed) {
    state = {step: 'code', code: typed, problem: null, checking: false};
    armIdle();
    render();
  }
  // A barcode or QR scanner is a keyboard: on the start screen, what it types (ending with Enter)
  // opens the code screen with that code, already being checked. Keys typed more than 2 s apart
  // are a person's, not a scanner's: the buffer starts again.
  var scanned = '', scannedAt = 0;
  document.addEventListener('keydown', function (event) {
    if (state || main.getAttribute('data-screen') !== 'start' || event.target.closest('input, textarea, button, a')) { return; }
    var now = Date.now();
    if (now - scannedAt > 2000) { scanned = ''; }
    scannedAt = now;
    if (event.key === 'Enter') {
      if (scanned.length >= 12) { var typed = scanned; scanned = ''; askCode(typed); checkCode(); }
      return;
    }
    if (event.key.length === 1 && scanned.length < 64) { scanned += event.key; }
  });
  function renderCode() {
    var input = el('input', {id: 'rating-code', name: 'ratingCode', autocomplete: 'off', autocapitalize: 'characters',
      spellcheck: 'false', maxlength: '40', 'aria-describedby': 'code-problem',
      oninput: function (event) { state.code = event.target.value; }});
    input.value = state.code || '';
    var form = el('form', {id: 'code-form', novalidate: 'novalidate', onsubmit: function (event) { event.preventDefault(); checkCode(); }}, [
      el('div', {'class': 'kq'}, [el('label', {'for': 'rating-code', text: t('code.label')}), input]),
      el('p', {id: 'code-problem', 'class': 'kproblem', role: 'alert', text: state.problem ? t(state.problem) : ''}),
      el('div', {'class': 'knav'}, [
        el('button', {type: 'button', id: 'back', 'class': 'kbtn', text: t('back'), onclick: reset}),
        el('button', {type: 'button', id: 'code-skip', 'class': 'kbtn', text: t('code.skip'), onclick: function () { begin(QUICK); }}),
        el('button', {type: 'submit', id: 'code-check', 'class': 'kbtn primary', text: t('code.check')})])]);
    screen(t('code.title'), [el('p', {'class': 'klead', text: t('code.text')}), form]);
    main.setAttribute('data-screen', 'code');
    input.focus(); // where a scanner types
  }
  // Asks the server whether the code names a dossier not rated yet; nothing is used up by asking.
  // Offline (or the server failing) the code is taken as typed: the rating waits in the outbox
  // with it, and the server decides when it arrives (a used or unknown code is refused then).
  function checkCode() {
    var asked = state;
    var code = normalizeCode(asked.code);
    if (!code) { asked.problem = 'code.unknown'; render(); return; }
    if (asked.checking) { return; }
    asked.checking = true;
    asked.problem = 'code.checking';
    render();
    api('/api/v1/kiosk/rating-codes/' + encodeURIComponent(code)).then(function (r) {
      if (r.ok) { return r.json(); }
      var problems = {404: 'code.unknown', 409: 'code.used', 403: 'code.other', 429: 'code.tooMany'};
      if (problems[r.status]) { return {problem: problems[r.status]}; }
      throw new Error('rating code ' + r.status);
    }).catch(function () {
      return {ratingCode: code, unchecked: true};
    }).then(function (found) {
      if (state !== asked) { return; } // reset meanwhile: the citizen left
      asked.checking = false;
      if (found.problem) { asked.problem = found.problem; render(); return; }
      begin(QUICK, found);
    });
  }

  // The step count on the start button is the flow's own (its screens plus the review), once the definition is known.
  function fullHint() {
    var def = readJson(DEFINITION + FULL, null);
    return def ? t('startFullSteps').replace('{0}', String(screensOf(def).length + 1)) : t('startFullHint');
  }

  // withCode: the receipt's checked (or, offline, unchecked) rating code and its dossier, for a one-stop rating.
  function begin(code, withCode) {
    definition(code).then(function (def) {
      if (!def) { screen(t('unavailable'), [el('p', {text: t('unavailableText')})]); return; }
      state = {id: uuid(), startedAt: offsetNow(), survey: def.code, version: def.version, def: def,
        answers: {}, language: lang, step: 0, quick: code === QUICK, screens: screensOf(def), problem: null,
        rated: withCode || null};
      armIdle();
      render();
    });
  }

  function screensOf(def) {
    var before = def.questions.filter(function (q) { return q.section === 'opinions'; });
    var after = def.questions.filter(function (q) { return q.section !== 'opinions' && q.section !== 'profile'; });
    var screens = [];
    if (before.length) { screens.push({titleKey: 'opinions', questions: before, criteria: []}); }
    def.elements.forEach(function (e) { screens.push({element: e, questions: [], criteria: e.criteria}); });
    if (after.length) { screens.push({titleKey: 'more', questions: after, criteria: []}); }
    return screens;
  }
  // A screen's heading in the language shown now (the citizen may switch at any time).
  function screenTitle(s) { return s.element ? s.element.code + '. ' + tr(s.element.title) : t(s.titleKey); }
  function scaleOf(code) {
    var def = state.def;
    return def.scales.filter(function (s) { return s.code === code; })[0];
  }

  function scaleGroup(code, text, scale, withSkip) {
    var count = scale.options.length;
    var options = scale.options.map(function (o, i) {
      var mood = count === 1 ? 1 : -1 + 2 * i / (count - 1);
      var tone = count === 1 ? 'high' : (i / (count - 1) < 0.34 ? 'low' : (i / (count - 1) > 0.66 ? 'high' : 'mid'));
      // A satisfied answer is positive in face and colour even in the middle of a 3-level scale ("Hài lòng").
      if (o.satisfied) { mood = Math.max(mood, 0.5); tone = 'high'; }
      return option(code, String(o.value), tr(o.label), face(mood), 'tone-' + tone, state.answers[code] === o.value, function () {
        state.answers[code] = o.value; refreshConditional();
      });
    });
    if (withSkip) {
      options.push(option(code, '', t('skip'), null, 'skip', state.answers[code] === undefined && state.touched && state.touched[code], function () {
        delete state.answers[code]; state.touched = state.touched || {}; state.touched[code] = true; refreshConditional();
      }));
    }
    return el('fieldset', {'class': 'kq', 'data-code': code}, [el('legend', {text: text})].concat([el('div', {'class': 'kopts n' + options.length}, options)]));
  }
  function option(name, value, label, face, extra, checked, onchange) {
    var input = el('input', {type: 'radio', name: name, value: value, checked: checked ? 'checked' : null, onchange: onchange});
    return el('label', {'class': 'kopt ' + extra}, [input, face, el('span', {'class': 'word', text: label})]);
  }
  function choiceGroup(q) {
    var multi = q.type === 'multi-choice';
    var chosen = state.answers[q.code] || (multi ? [] : null);
    var options = q.options.map(function (o) {
      var checked = multi ? chosen.indexOf(o.code) >= 0 : chosen === o.code;
      var input = el('input', {type: multi ? 'checkbox' : 'radio', name: q.code, value: o.code, checked: checked ? 'checked' : null,
        onchange: function (event) {
          if (multi) {
            var list = (state.answers[q.code] || []).filter(function (c) { return c !== o.code; });
            if (event.target.checked) { list.push(o.code); }
            if (q.maxChoices && list.length > q.maxChoices) { event.target.checked = false; list.pop(); }
            if (list.length) { state.answers[q.code] = list; } else { delete state.answers[q.code]; }
          } else { state.answers[q.code] = o.code; }
          refreshConditional();
        }});
      return el('label', {'class': 'kopt choice'}, [input, el('span', {'class': 'word', text: tr(o.label)})]);
    });
    return el('fieldset', {'class': 'kq', 'data-code': q.code}, [el('legend', {text: tr(q.text)}), el('div', {'class': 'kopts choices'}, options)]);
  }
  function textField(q) {
    var id = 'k-' + q.code.replace(/[^A-Za-z0-9_-]/g, '_');
    var area = el('textarea', {id: id, name: q.code, rows: '3', maxlength: q.maxLength || 2000, oninput: function (event) {
      var v = event.target.value.trim();
      if (v) { state.answers[q.code] = v; } else { delete state.answers[q.code]; }
    }});
    area.value = state.answers[q.code] || '';
    return el('div', {'class': 'kq', 'data-code': q.code}, [el('label', {'for': id, text: tr(q.text)}), area]);
  }
  function question(q) {
    if (q.type === 'scale') { return scaleGroup(q.code, tr(q.text), scaleOf(q.scale), true); }
    if (q.type === 'text') { return textField(q); }
    return choiceGroup(q);
  }
  function isRequired(q) {
    if (q.required) { return true; }
    var w = q.requiredWhen;
    return !!(w && state.answers[w.question] !== undefined && w.values.map(String).indexOf(String(state.answers[w.question])) >= 0);
  }
  function refreshConditional() {
    Array.prototype.forEach.call(main.querySelectorAll('[data-when]'), function (node) {
      var q = state.def.questions.filter(function (x) { return x.code === node.getAttribute('data-when'); })[0];
      node.hidden = !isRequired(q);
    });
  }

  function renderScreen() {
    var s = state.screens[state.step];
    var total = state.screens.length + 1;
    var parts = [progress(state.step + 1, total)];
    s.criteria.forEach(function (c) { parts.push(scaleGroup(c.code, tr(c.text), scaleOf(c.scale), true)); });
    s.questions.forEach(function (q) { parts.push(question(q)); });
    parts.push(nav(true));
    screen(screenTitle(s), parts);
    main.setAttribute('data-screen', 'question');
  }
  function progress(step, total) {
    return el('div', {'class': 'kprogress'}, [
      el('span', {id: 'progress', text: t('step') + ' ' + step + ' / ' + total}),
      el('progress', {max: String(total), value: String(step), 'aria-hidden': 'true'})]);
  }
  function nav(withBack) {
    return el('div', {'class': 'knav'}, [
      withBack ? el('button', {type: 'button', id: 'back', 'class': 'kbtn', text: t('back'), onclick: function () {
        if (state.step === 0) { reset(); } else { state.step -= 1; render(); }
      }}) : null,
      el('button', {type: 'button', id: 'next', 'class': 'kbtn primary', text: t('next'), onclick: function () { state.step += 1; render(); }})]);
  }
  function renderReview() {
    var total = state.screens.length + 1;
    var items = state.screens.map(function (s) {
      var codes = s.criteria.map(function (c) { return c.code; }).concat(s.questions.map(function (q) { return q.code; }));
      var answered = codes.filter(function (c) { return state.answers[c] !== undefined; }).length;
      return el('li', {}, [el('span', {text: screenTitle(s)}), el('strong', {text: ' ' + answered + ' / ' + codes.length})]);
    });
    screen(t('review'), [progress(total, total), el('p', {text: t('reviewText')}), el('ul', {'class': 'kreview'}, items),
      el('div', {'class': 'knav'}, [
        el('button', {type: 'button', id: 'back', 'class': 'kbtn', text: t('back'), onclick: function () { state.step -= 1; render(); }}),
        el('button', {type: 'button', id: 'submit', 'class': 'kbtn primary', text: t('submit'), onclick: finish})])]);
    main.setAttribute('data-screen', 'review');
  }

  function renderQuick() {
    var def = state.def;
    var parts = [];
    def.elements.forEach(function (e) {
      e.criteria.forEach(function (c) { parts.push(scaleGroup(c.code, tr(c.text), scaleOf(c.scale), false)); });
    });
    def.questions.forEach(function (q) {
      var node = question(q);
      if (q.requiredWhen) { node.setAttribute('data-when', q.code); node.hidden = !isRequired(q); }
      parts.push(node);
    });
    if (state.rated) {
      parts.unshift(ratedDossier(state.rated));
    } else {
      var dossierInput = el('input', {id: 'quick-dossier', name: 'dossier', autocomplete: 'off', maxlength: '64',
        oninput: function (event) { state.dossier = event.target.value.trim(); }});
      dossierInput.value = state.dossier || '';
      parts.push(el('div', {'class': 'kq'}, [el('label', {'for': 'quick-dossier', text: t('dossier')}), dossierInput]));
    }
    parts.push(el('p', {id: 'quick-problem', 'class': 'kproblem', role: 'alert', text: state.problem ? t(state.problem) : ''}));
    parts.push(el('div', {'class': 'knav'}, [
      el('button', {type: 'button', id: 'back', 'class': 'kbtn', text: t('back'), onclick: reset}),
      el('button', {type: 'button', id: 'submit', 'class': 'kbtn primary', text: t('send'), onclick: finish})]));
    screen(tr(def.title), parts);
    main.setAttribute('data-screen', 'quick');
  }

  // What the rating is about: the code, and the dossier's procedure and counter as the server found them.
  function ratedDossier(rated) {
    var rows = [['code.yours', rated.ratingCode, 'quick-code'], ['code.procedure', rated.procedure, 'quick-procedure'],
      ['code.counter', rated.counter, 'quick-counter']];
    var list = el('dl', {'class': 'kdossier'}, []);
    rows.forEach(function (row) {
      if (row[1]) { list.appendChild(el('dt', {text: t(row[0])})); list.appendChild(el('dd', {id: row[2], text: row[1]})); }
    });
    return el('div', {'class': 'kcode-dossier'}, [list, rated.unchecked ? el('p', {id: 'quick-unchecked', 'class': 'kmuted', text: t('code.unchecked')}) : null]);
  }

  function missingRequired() {
    var def = state.def;
    var missing = def.questions.filter(function (q) { return isRequired(q) && state.answers[q.code] === undefined; });
    if (state.quick) {
      def.elements.forEach(function (e) {
        e.criteria.forEach(function (c) { if (state.answers[c.code] === undefined) { missing.push(c); } });
      });
    }
    return missing;
  }

  function finish() {
    if (missingRequired().length > 0) {
      state.problem = 'required'; // a message key: shown in whatever language is chosen next
      render();
      return;
    }
    send();
    state = {step: 'thanks'};
    clearTimeout(idleTimer);
    render();
    // Started here, not when the screen is drawn: a language switch on the thank-you screen redraws it.
    thanksTimer = setTimeout(reset, thanksSeconds * 1000);
  }
  function send() {
    var response = {id: state.id, survey: state.survey, surveyVersion: state.version, agency: profile.agency.code,
      channel: 'kiosk', language: state.language, startedAt: state.startedAt, submittedAt: offsetNow(), answers: state.answers};
    if (state.rated) {
      // The code names the dossier and so the agency (the kiosk's own or one below it).
      response.ratingCode = state.rated.ratingCode;
      delete response.agency;
    } else if (state.dossier) { response.dossier = state.dossier; }
    enqueue(response);
  }
  function renderThanks() {
    screen(t('thanks'), [el('p', {'class': 'klead', text: t('thanksText')}), el('p', {'class': 'kmuted', text: t('returning')})]);
    main.setAttribute('data-screen', 'thanks');
  }

  // ---------- start ----------
  document.getElementById('lang-vi').addEventListener('click', function () { setLang('vi'); });
  document.getElementById('lang-en').addEventListener('click', function () { setLang('en'); });
  window.addEventListener('online', function () { failures = 0; flush(); });
  window.addEventListener('offline', showOutbox);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/kiosk/sw.js', {scope: '/kiosk'}).catch(function () { /* works without, just not offline-first */ });
  }
  setLang(lang);
  showOutbox();
  if (token()) {
    loadProfile().then(function () {
      showPlace();
      if (!state) { renderStart(); }
      definition(FULL).then(function () { if (!state) { renderStart(); } });
      definition(QUICK);
      flush();
      heartbeat();
    });
  }
  setInterval(heartbeat, heartbeatSeconds * 1000);
  setInterval(function () { if (!flushing && outbox().length) { flush(); } }, 30000);
})();
