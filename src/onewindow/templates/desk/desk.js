/* 窗口受理台: find an item or bundle, check the documents, print the notice or the receipt.
 *
 * Everything the clerk chooses lives in the URL (?item= or ?bundle=, &situation=, &received=,
 * &missing=, &defective=id:reason, &applicant=, &view=notice|receipt, &no=, &date=), so a
 * reload, the back button or a saved link restores the desk. Rows and every sentence of the
 * printed documents come from the build (onewindow.render.intake): this file only chooses
 * which rows to show and fills the placeholders of the shared wording. Catalog text is only
 * ever inserted as textContent.
 */
(function () {
  'use strict';

  var D = window.OW_DESK = { subjects: {}, waiting: {} };
  var W = null;          // the shared wording
  var INDEX = [];        // search index: {kind, key, name, words, meta, file}
  var NUMBER_FORMAT = '';
  var subject = null;    // the loaded item or bundle
  var state = blankState();
  var active = -1;       // highlighted search result
  var shown = [];        // search results on screen
  var VIEW_LEVELS = ['', 'no-points', 'no-points small', 'no-points smaller', 'no-points smallest'];
  var STATUS_LABELS = [['received', '已收到'], ['missing', '缺少'], ['defective', '需补正']];

  function blankState() {
    return { kind: '', key: '', situation: '', status: {}, reasons: {}, applicant: '', view: '', no: '', date: '' };
  }

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'className') node.className = value;
      else node.setAttribute(name, value === true ? '' : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach(function (c) { if (c) node.appendChild(c); });
      else node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  // str.format-style placeholders: {name} and {name:03d}, as Python fills the same templates.
  function fill(template, values) {
    return template.replace(/\{(\w+)(?::0(\d+)d)?\}/g, function (all, name, width) {
      var value = values[name] === undefined ? all : String(values[name]);
      return width ? value.padStart(Number(width), '0') : value;
    });
  }

  /* ---------- data ---------- */

  D.init = function (settings) {
    W = settings.wording;
    INDEX = settings.index;
    NUMBER_FORMAT = settings.number_format;
    start();
  };

  D.subject = function (data) {
    var id = data.kind + ':' + data.key;
    D.subjects[id] = data;
    (D.waiting[id] || []).forEach(function (done) { done(data); });
    delete D.waiting[id];
  };

  function load(kind, key, done, fail) {
    var id = kind + ':' + key;
    if (D.subjects[id]) return done(D.subjects[id]);
    var entry = INDEX.find(function (e) { return e.kind === kind && e.key === key; });
    if (!entry) return fail();
    (D.waiting[id] = D.waiting[id] || []).push(done);
    var script = el('script', { src: entry.file });
    script.onerror = fail;
    document.body.appendChild(script);
  }

  function allRows() {
    var rows = subject.common.slice();
    subject.own.forEach(function (member) { rows = rows.concat(member.rows); });
    return rows;
  }

  function rowById(id) { return allRows().find(function (r) { return r.id === id; }); }

  function applies(row) {
    return !row.situations.length || !state.situation || row.situations.indexOf(state.situation) >= 0;
  }

  // Rows the applicant supplies under the chosen situation, in printing order.
  function activeRows() { return allRows().filter(function (r) { return applies(r) && !r.shared; }); }

  /* ---------- the URL ---------- */

  function ids(value) {
    return (value || '').replace(/，/g, ',').split(',').map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function readUrl() {
    var p = new URLSearchParams(location.search);
    var s = blankState();
    s.kind = p.has('bundle') ? 'bundle' : (p.has('item') ? 'item' : '');
    s.key = s.kind ? (p.get(s.kind) || '').trim() : '';
    s.situation = p.get('situation') || '';
    ids(p.get('received')).forEach(function (id) { s.status[id] = 'received'; });
    ids(p.get('missing')).forEach(function (id) { s.status[id] = 'missing'; });
    p.getAll('defective').forEach(function (value) {
      // id:reason; a comma-separated piece without a colon continues the previous reason.
      var last = null;
      value.split(',').forEach(function (piece) {
        var m = /^\s*([^:：\s]+)\s*[:：](.*)$/.exec(piece);
        if (m) { last = m[1]; s.status[last] = 'defective'; s.reasons[last] = m[2].trim(); }
        else if (last && piece.trim()) s.reasons[last] += '，' + piece.trim();
        else if (piece.trim()) { s.status[piece.trim()] = 'defective'; s.reasons[piece.trim()] = ''; }
      });
    });
    s.applicant = p.get('applicant') || '';
    s.view = p.get('view') || '';
    s.no = p.get('no') || '';
    s.date = p.get('date') || '';
    return s;
  }

  function query() {
    var parts = [];
    function add(name, value) { if (value) parts.push(name + '=' + encodeURIComponent(value).replace(/%2C/gi, ',')); }
    if (!state.kind) return '';
    add(state.kind, state.key);
    add('situation', state.situation);
    ['received', 'missing'].forEach(function (kind) {
      var chosen = Object.keys(state.status).filter(function (id) { return state.status[id] === kind; });
      if (chosen.length) parts.push(kind + '=' + chosen.map(encodeURIComponent).join(','));
    });
    Object.keys(state.status).forEach(function (id) {
      if (state.status[id] === 'defective') {
        parts.push('defective=' + encodeURIComponent(id + ':' + (state.reasons[id] || '')));
      }
    });
    add('applicant', state.applicant);
    add('view', state.view);
    add('no', state.no);
    add('date', state.date);
    return '?' + parts.join('&');
  }

  function writeUrl(push) {
    var url = location.pathname + query();
    if (url === location.pathname + location.search) return;
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  /* ---------- routing ---------- */

  function start() {
    var counter = $('counter');
    counter.value = counterName();
    counter.addEventListener('change', function () {
      var value = counter.value.trim().replace(/[^0-9A-Za-z\u4e00-\u9fff_-]/g, '');
      if (value) localStorage.setItem('ow-desk-counter', value);
      counter.value = counterName();
    });
    bindFind();
    bindIntake();
    window.addEventListener('popstate', function () { route(); });
    document.addEventListener('keydown', shortcuts);
    route();
  }

  function route(focus) {
    state = readUrl();
    if (!state.kind) {
      subject = null;
      show('find');
      search();
      if (focus === true) $('q').focus();
      return;
    }
    load(state.kind, state.key, function (data) {
      subject = data;
      // Statuses of ids this subject does not have are dropped (an edited or mistyped link).
      Object.keys(state.status).forEach(function (id) {
        var row = rowById(id);
        if (!row || row.shared) { delete state.status[id]; delete state.reasons[id]; }
      });
      if (subject.kind !== 'item' || !(subject.situation_list || []).some(function (s) { return s.id === state.situation; })) {
        state.situation = '';
      }
      renderIntake();
      if (state.view === 'notice' || state.view === 'receipt') {
        if (!state.no) {
          // A saved or typed link without a number: this is a new document, so it gets the next one.
          var a = assess();
          if (state.view === 'notice' ? a.notice : a.receipt) {
            state.date = isoDate(new Date());
            state.no = nextNumber(state.date);
            writeUrl(false);
          }
        }
        renderDocument();
      } else {
        show('intake');
        if (focus === true) focusFirst();
      }
    }, function () {
      subject = null;
      show('find');
      $('results-status').textContent = '没有找到' + (state.kind === 'item' ? '事项编码' : '一件事') + '“' + state.key + '”，请重新查找。';
    });
  }

  function show(part) {
    $('find').hidden = part !== 'find' && part !== 'intake';
    $('intake').hidden = part !== 'intake';
    $('document').hidden = part !== 'document';
    document.body.setAttribute('data-view', part);
  }

  function shortcuts(event) {
    var target = event.target;
    var typing = target && (target.tagName === 'INPUT' && target.type !== 'radio' || target.tagName === 'TEXTAREA');
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && $('document').hidden) {
      event.preventDefault();
      $('q').focus();
      $('q').select();
    }
  }

  /* ---------- finding ---------- */

  function norm(text) {
    return (text || '').normalize('NFKC').toLowerCase()
      .replace(/[\s·・,，、。.:：;；"“”'‘’()（）\-—_/]+/g, '');
  }

  function score(entry, q) {
    var name = norm(entry.name);
    var key = norm(entry.key);
    if (key === q) return 1000;
    var best = 0;
    if (q.length >= 4 && key.indexOf(q) === 0) best = 900;
    var at = name.indexOf(q);
    if (at >= 0) best = Math.max(best, 800 - at - (name.length - q.length) / 2);
    if (name.length >= 2 && q.indexOf(name) >= 0) best = Math.max(best, 750);
    entry.words.forEach(function (word) {
      var w = norm(word);
      if (!w) return;
      if (w === q) best = Math.max(best, 700);
      else if (w.indexOf(q) >= 0) best = Math.max(best, 600 - (w.length - q.length) / 2);
      else if (w.length >= 2 && q.indexOf(w) >= 0) best = Math.max(best, 500 + w.length * 5);
    });
    if (!best && q.length >= 3) {
      // Loose match for reordered or partly mistyped words: most of the query's
      // two-character pieces appear in the name or the words (single characters are too common).
      var hay = name + '|' + entry.words.map(norm).join('|');
      var pairs = [];
      for (var i = 0; i + 1 < q.length; i++) pairs.push(q.slice(i, i + 2));
      var hit = pairs.filter(function (pair) { return hay.indexOf(pair) >= 0; }).length / pairs.length;
      if (hit >= 0.6) best = 100 * hit;
    }
    return best ? best + (entry.kind === 'bundle' ? 5 : 0) : 0;
  }

  function matches(text) {
    var q = norm(text);
    if (!q) return INDEX.filter(function (e) { return e.kind === 'bundle'; }).slice(0, 12);
    var stripped = q.replace(/^(我要|我想|想要|怎么|如何|怎样|办理|申请|去|要)+/, '') || q;
    return INDEX.map(function (e) { return [Math.max(score(e, q), score(e, stripped)), e]; })
      .filter(function (pair) { return pair[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0]; })
      .slice(0, 12).map(function (pair) { return pair[1]; });
  }

  function search() {
    var q = $('q');
    shown = matches(q.value);
    active = shown.length ? 0 : -1;
    var list = $('results');
    list.textContent = '';
    shown.forEach(function (entry, i) {
      var option = el('li', { id: 'result-' + i, role: 'option', 'aria-selected': i === active ? 'true' : 'false',
                              'data-kind': entry.kind, 'data-key': entry.key },
        el('span', { className: 'result-kind', text: entry.kind === 'bundle' ? '一件事' : '事项' }),
        el('span', { className: 'result-name', text: entry.name }),
        el('span', { className: 'result-meta', text: entry.meta }));
      option.addEventListener('mousedown', function (event) { event.preventDefault(); pick(entry); });
      list.appendChild(option);
    });
    q.setAttribute('aria-expanded', shown.length ? 'true' : 'false');
    highlight();
    $('results-status').textContent = q.value.trim()
      ? (shown.length ? '找到 ' + shown.length + ' 项，↑↓ 选择，回车打开' : '没有找到，换个说法或输入事项编码试试')
      : '常用一件事；输入名称、编码或群众说法查找全部事项';
  }

  function highlight() {
    var q = $('q');
    Array.prototype.forEach.call($('results').children, function (li, i) {
      li.setAttribute('aria-selected', i === active ? 'true' : 'false');
    });
    if (active >= 0) q.setAttribute('aria-activedescendant', 'result-' + active);
    else q.removeAttribute('aria-activedescendant');
    var current = $('result-' + active);
    if (current && current.scrollIntoView) current.scrollIntoView({ block: 'nearest' });
  }

  function pick(entry) {
    var applicant = $('applicant').value;
    state = blankState();
    state.kind = entry.kind;
    state.key = entry.key;
    state.applicant = subject ? applicant : '';
    writeUrl(true);
    $('q').value = '';
    $('results').textContent = '';
    $('results-status').textContent = '';
    shown = [];
    $('q').setAttribute('aria-expanded', 'false');
    route(true);
  }

  function bindFind() {
    var q = $('q');
    // Chinese input methods commit text without a key release: listen to input and compositionend.
    q.addEventListener('input', function (event) { if (!event.isComposing) search(); });
    q.addEventListener('compositionend', search);
    q.addEventListener('focus', function () { if (!subject && !$('results').children.length) search(); });
    q.addEventListener('keydown', function (event) {
      if (event.isComposing) return;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (!shown.length) return;
        active = (active + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
        highlight();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (active >= 0 && shown[active]) pick(shown[active]);
      } else if (event.key === 'Escape') {
        q.value = '';
        search();
      }
    });
  }

  /* ---------- intake ---------- */

  function roleText(row) {
    return row.secondary ? '容缺：受理后 ' + row.supply_days + ' 个工作日内补齐' : '主件';
  }

  function situationName(id) {
    var found = (subject.situation_list || []).find(function (s) { return s.id === id; });
    return found ? found.name : id;
  }

  function rowElement(row, number) {
    var status = state.status[row.id] || '';
    var base = 'm' + number;
    var details = [row.form, roleText(row)];
    if (!row.required) details.push('需要时提交：' + row.condition);
    if (row.situations.length && !state.situation) details.push('适用情形：' + row.situations.map(situationName).join('、'));
    var points = row.points.length
      ? el('ul', { className: 'points', 'aria-label': '审查要点' }, row.points.map(function (p) { return el('li', { text: p }); }))
      : null;
    var options = STATUS_LABELS.map(function (pair) {
      var id = base + '-' + pair[0];
      return el('span', { className: 'choice choice-' + pair[0] },
        el('input', { type: 'radio', id: id, name: base, value: pair[0], checked: status === pair[0], 'data-row': row.id }),
        el('label', { for: id, text: pair[1] }));
    });
    var reason = el('span', { className: 'reason', hidden: status !== 'defective' },
      el('label', { for: base + '-reason', text: '问题' }),
      el('input', { id: base + '-reason', type: 'text', value: state.reasons[row.id] || '', 'data-reason': row.id,
                    placeholder: '例如：未加盖公章', autocomplete: 'off' }));
    return el('tr', { id: 'row-' + number, className: 'row status-' + (status || 'none') + (row.secondary ? ' secondary' : ''),
                      'data-id': row.id },
      el('td', { className: 'num', text: String(number) }),
      el('td', { className: 'material' },
        el('div', { className: 'name', text: row.name }),
        el('div', { className: 'detail', text: details.join(' · ') }),
        row.users.length > 1 ? el('div', { className: 'users', text: '用于：' + row.users.join('、') }) : null,
        points),
      el('td', { className: 'check' },
        el('fieldset', {}, el('legend', { className: 'visually-hidden', text: '核验：' + row.name }), options, reason)));
  }

  function rowsTable(caption, rows, start) {
    var table = el('table', { className: 'rows' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: '序号' }), el('th', { scope: 'col', text: '材料、形式份数和审查要点' }),
                               el('th', { scope: 'col', text: '核验结果' }))));
    var body = el('tbody');
    rows.forEach(function (row, i) { body.appendChild(rowElement(row, start + i)); });
    table.appendChild(body);
    return table;
  }

  function renderIntake() {
    $('subject-title').textContent = (subject.kind === 'bundle' ? '一件事：' : '') + subject.name;
    $('subject-meta').textContent = subject.kind === 'bundle'
      ? subject.own.length + ' 个事项联办：' + subject.own.map(function (m) { return m.name; }).join('、')
      : subject.key + '　' + subject.office.map(function (p) { return p[0] === '受理窗口' ? p[1] : ''; }).join('');
    $('subject-guide').href = subject.guide;
    if (document.activeElement !== $('applicant')) $('applicant').value = state.applicant;
    renderSituations();
    renderRows();
  }

  function renderSituations() {
    var list = subject.situation_list || [];
    var box = $('situation-options');
    box.textContent = '';
    $('situations').hidden = !list.length;
    list.forEach(function (s, i) {
      box.appendChild(el('span', { className: 'choice' },
        el('input', { type: 'radio', name: 'situation', id: 'situation-' + i, value: s.id, checked: state.situation === s.id }),
        el('label', { for: 'situation-' + i, text: s.name, title: s.description })));
    });
  }

  function renderRows() {
    var focused = document.activeElement && document.activeElement.id;
    var box = $('rows');
    box.textContent = '';
    var number = 1;
    var prompt = subject.kind === 'item' && (subject.situation_list || []).length && !state.situation;
    if (prompt) box.appendChild(el('p', { className: 'prompt', text: '请先选择办理情形：下表暂列出全部情形的材料。' }));
    if (subject.kind === 'item') {
      var rows = subject.common.filter(function (r) { return applies(r) && !r.shared; });
      box.appendChild(rowsTable('申请人提交的材料（共 ' + rows.length + ' 项）', rows, number));
    } else {
      var common = subject.common.filter(function (r) { return !r.shared; });
      if (common.length) {
        box.appendChild(rowsTable('共用材料：只收一份，窗口分送各部门（共 ' + common.length + ' 项）', common, number));
        number += common.length;
      }
      subject.own.forEach(function (member, i) {
        var own = member.rows.filter(function (r) { return !r.shared; });
        if (!own.length) return;
        box.appendChild(rowsTable('事项' + (i + 1) + '　' + member.name + '（' + member.code + '）的专用材料', own, number));
        number += own.length;
      });
    }
    var fetched = allRows().filter(function (r) { return r.shared && applies(r); });
    $('fetched').hidden = !fetched.length;
    var list = $('fetched-list');
    list.textContent = '';
    fetched.forEach(function (r) {
      list.appendChild(el('li', { text: r.name + (r.users.length ? '（' + r.users.join('、') + '）' : '') }));
    });
    if (focused && $(focused)) $(focused).focus();
    updateSummary();
  }

  function assess() {
    var rows = activeRows();
    function having(kind) { return rows.filter(function (r) { return state.status[r.id] === kind; }); }
    var missing = having('missing');
    var defective = having('defective');
    var received = having('received');
    var blocking = missing.concat(defective).filter(function (r) { return !r.secondary; });
    var unchecked = rows.filter(function (r) { return r.required && !state.status[r.id]; });
    var unexplained = defective.filter(function (r) { return !(state.reasons[r.id] || '').trim(); });
    // Which documents are needed depends on the situation: no receipt before it is chosen.
    var noSituation = subject.kind === 'item' && (subject.situation_list || []).length > 0 && !state.situation;
    return { rows: rows, missing: missing, defective: defective, received: received, blocking: blocking,
             unchecked: unchecked, unexplained: unexplained,
             notice: missing.length + defective.length > 0 && !unexplained.length,
             noSituation: noSituation,
             receipt: !blocking.length && !unchecked.length && !unexplained.length && received.length > 0 && !noSituation };
  }

  function updateSummary() {
    var a = assess();
    var lines = ['已收到 ' + a.received.length + ' 项，缺少 ' + a.missing.length + ' 项，需补正 ' + a.defective.length +
                 ' 项，必要材料未核验 ' + a.unchecked.length + ' 项。'];
    if (a.noSituation) lines.push('请先选择办理情形。');
    if (a.unexplained.length) lines.push('请写明需补正的问题：' + a.unexplained.map(function (r) { return r.name; }).join('、') + '。');
    if (a.blocking.length) lines.push('缺少或需补正的主件材料 ' + a.blocking.length + ' 项：不能受理，请出具一次性告知书。');
    else if (a.missing.length + a.defective.length) lines.push('只缺容缺材料：可以容缺受理，并告知补齐期限。');
    $('summary').textContent = lines.join(' ');
    $('to-notice').disabled = !a.notice;
    $('to-receipt').disabled = !a.receipt;
    $('to-notice').textContent = '出具一次性告知书' + (a.notice ? '（' + (a.missing.length + a.defective.length) + ' 项）' : '');
  }

  function bindIntake() {
    $('rows').addEventListener('change', function (event) {
      var input = event.target;
      if (input.type !== 'radio' || !input.dataset.row) return;
      var id = input.dataset.row;
      state.status[id] = input.value;
      var row = input.closest('tr');
      row.className = row.className.replace(/status-\w+/, 'status-' + input.value);
      row.querySelector('.reason').hidden = input.value !== 'defective';
      writeUrl(false);
      updateSummary();
    });
    $('rows').addEventListener('input', function (event) {
      var id = event.target.dataset && event.target.dataset.reason;
      if (!id) return;
      state.reasons[id] = event.target.value;
      writeUrl(false);
      updateSummary();
    });
    $('situation-options').addEventListener('change', function (event) {
      state.situation = event.target.value;
      writeUrl(false);
      renderRows();
    });
    $('applicant').addEventListener('input', function () {
      state.applicant = $('applicant').value.trim();
      writeUrl(false);
    });
    $('all-received').addEventListener('click', function () {
      activeRows().forEach(function (r) { if (!state.status[r.id]) state.status[r.id] = 'received'; });
      writeUrl(false);
      renderRows();
    });
    $('to-notice').addEventListener('click', function () { issue('notice'); });
    $('to-receipt').addEventListener('click', function () { issue('receipt'); });
    $('print').addEventListener('click', function () { window.print(); });
    $('back').addEventListener('click', function () {
      state.view = ''; state.no = ''; state.date = '';
      writeUrl(true);
      route(true);
    });
  }

  function focusFirst() {
    if (!subject) return;
    var target = !$('situations').hidden && !state.situation ? document.querySelector('#situation-options input')
      : (document.querySelector('#rows input[type=radio]:checked') || document.querySelector('#rows input[type=radio]'));
    if (target) target.focus();
  }

  /* ---------- numbers ---------- */

  function counterName() {
    var name = localStorage.getItem('ow-desk-counter');
    if (!name) {
      // A browser that was never given its window number still numbers uniquely: a random terminal id.
      name = 'T' + Math.random().toString(36).slice(2, 6).toUpperCase();
      localStorage.setItem('ow-desk-counter', name);
    }
    return name;
  }

  function isoDate(date) {
    return date.getFullYear() + '-' + String(date.getMonth() + 1).padStart(2, '0') + '-' + String(date.getDate()).padStart(2, '0');
  }

  function nextNumber(iso) {
    var counter = counterName();
    var compact = iso.replace(/-/g, '');
    var key = 'ow-desk-seq:' + counter + ':' + compact;
    var seq = Number(localStorage.getItem(key) || '0') + 1;
    localStorage.setItem(key, String(seq));
    return fill(NUMBER_FORMAT, { counter: counter, date: compact, seq: seq });
  }

  function issue(view) {
    var a = assess();
    if (view === 'notice' ? !a.notice : !a.receipt) return;
    state.view = view;
    state.date = isoDate(new Date());
    state.no = nextNumber(state.date);
    writeUrl(true);
    renderDocument();
  }

  /* ---------- printed documents ---------- */

  function cnDate(iso) {
    var p = iso.split('-').map(Number);
    return p[0] + '年' + p[1] + '月' + p[2] + '日';
  }

  function deferral(rows) {
    var later = rows.filter(function (r) { return r.secondary; });
    var main = rows.filter(function (r) { return !r.secondary; });
    var lines = later.map(function (r) { return fill(W.deferral_secondary, { name: r.name, days: r.supply_days }); });
    if (!main.length) lines.push(W.deferral_all_secondary);
    else if (later.length) lines.push(fill(W.deferral_rest_main, { count: main.length }));
    else lines.push(W.deferral_all_main);
    return lines;
  }

  function notesOf(row) {
    var notes = row.users.length ? ['用于：' + row.users.join('、')] : [];
    return notes.concat(row.notes);
  }

  function cellLines(lines, extra) {
    return el('td', {}, lines.map(function (t) { return el('div', { text: t }); }), extra || []);
  }

  // Review points, written "· point" as the PDF notice writes them; the compact layouts hide them.
  function pointsList(row) {
    return row.points.map(function (p) { return el('div', { className: 'point', text: '· ' + p }); });
  }

  function docTable(head, rows, widths) {
    return el('table', { className: 'doc-table' },
      el('colgroup', {}, widths.map(function (w) { return el('col', { style: 'width:' + w + 'mm' }); })),
      el('thead', {}, el('tr', {}, head.split('|').map(function (h) { return el('th', { scope: 'col', text: h }); }))),
      el('tbody', {}, rows));
  }

  function officeBlock() {
    var grid = el('table', { className: 'office' }, el('tbody', {}, (function () {
      var trs = [];
      for (var i = 0; i < subject.office.length; i += 2) {
        var cells = [];
        subject.office.slice(i, i + 2).forEach(function (pair) {
          cells.push(el('th', { scope: 'row', text: pair[0] }), el('td', { text: pair[1] }));
        });
        trs.push(el('tr', {}, cells));
      }
      return trs;
    })()));
    return el('div', { className: 'office-block' }, grid,
      el('figure', { className: 'qr' }, el('img', { src: subject.qr, alt: '办事指南二维码' }),
         el('figcaption', { text: W.qr_caption })));
  }

  function signature(clerk, date) {
    return el('div', { className: 'signature' },
      el('p', { text: clerk }), el('p', { text: W.sign_applicant }),
      el('p', { text: date }), el('p', { text: W.sign_applicant_date }),
      el('p', { className: 'stamp', text: W.stamp }));
  }

  function header(title) {
    return [el('h1', { className: 'doc-title', text: title }),
            el('p', { className: 'doc-number', text: fill(W.number, { number: state.no }) }),
            el('p', { className: 'addressee', text: fill(W.addressee, { applicant: state.applicant || W.applicant_default }) })];
  }

  function section(numeral, heading) {
    return el('h2', { className: 'doc-section', text: fill(W.section, { numeral: numeral, heading: heading }) });
  }

  function noticeParts(a) {
    var missing = a.missing, defective = a.defective;
    var problems = [];
    if (missing.length) problems.push(W.problem_missing);
    if (defective.length) problems.push(W.problem_defective);
    var parts = header(W.notice_title);
    parts.push(el('p', { className: 'intro', text: fill(W.intro, {
      date: cnDate(state.date), subject: subject.subject, problems: problems.join(W.problem_join),
      law: subject.licensing ? W.law_licensing : '' }) }));
    var sections = [];
    if (missing.length) {
      sections.push([fill(W.missing_heading, { count: missing.length }), docTable(W.missing_head, missing.map(function (r, i) {
        return el('tr', {}, el('td', { className: 'num', text: String(i + 1) }), el('td', { text: r.name }),
          el('td', { text: r.requirement }), el('td', { text: r.source }), cellLines(notesOf(r), pointsList(r)));
      }), [10, 58, 27, 37, 48])]);
    }
    if (defective.length) {
      sections.push([fill(W.defect_heading, { count: defective.length }), docTable(W.defect_head, defective.map(function (r, i) {
        return el('tr', {}, el('td', { className: 'num', text: String(i + 1) }), el('td', { text: r.name }),
          el('td', { text: state.reasons[r.id] }), cellLines([r.requirement].concat(notesOf(r)), pointsList(r)));
      }), [10, 58, 52, 60])]);
    }
    sections.push([W.deferral_heading, el('div', {}, deferral(missing.concat(defective)).map(function (t) { return el('p', { text: t }); }))]);
    sections.push([W.office_heading, officeBlock()]);
    sections.forEach(function (s, i) { parts.push(section(W.numerals[i], s[0]), s[1]); });
    parts.push(el('p', { className: 'closing', text: W.closing }),
               signature(W.sign_clerk, fill(W.sign_date, { date: cnDate(state.date) })));
    return parts;
  }

  function receiptParts(a) {
    var parts = header(W.receipt_title);
    parts.push(el('p', { className: 'intro', text: fill(W.receipt_intro, { date: cnDate(state.date), subject: subject.subject }) }));
    var later = a.missing.concat(a.defective);
    // Two columns: a bundle's receipt lists thirty documents and still fits one page.
    var sections = [[fill(W.received_heading, { count: a.received.length }), el('ol', { className: 'received' },
      a.received.map(function (r) { return el('li', {}, el('span', { text: r.name }), el('span', { className: 'form', text: r.form })); }))]];
    if (later.length) {
      sections.push([fill(W.later_heading, { count: later.length }), el('div', {}, later.map(function (r) {
        return el('p', { text: fill(W.later_line, { name: r.name, days: r.supply_days }) });
      }))]);
    }
    var fetched = allRows().filter(function (r) { return r.shared && applies(r); });
    if (fetched.length) {
      sections.push([W.fetched_heading, el('p', { text: fetched.map(function (r) { return r.name; }).join('、') })]);
    }
    sections.push([W.time_heading, el('div', {}, subject.time_limits.map(function (t) { return el('p', { text: t }); }))]);
    sections.push([W.office_heading, officeBlock()]);
    sections.forEach(function (s, i) { parts.push(section(W.numerals[i] || String(i + 1), s[0]), s[1]); });
    parts.push(el('p', { className: 'closing', text: W.receipt_closing }),
               signature(W.receipt_sign_clerk, fill(W.receipt_sign_date, { date: cnDate(state.date) })));
    return parts;
  }

  function renderDocument() {
    var a = assess();
    var paper = $('paper');
    paper.textContent = '';
    paper.className = 'paper';
    var allowed = state.view === 'notice' ? a.notice : a.receipt;
    if (!allowed || !state.no || !/^\d{4}-\d{2}-\d{2}$/.test(state.date)) {
      paper.appendChild(el('p', { className: 'doc-refused', text: state.view === 'notice'
        ? '没有缺少或需补正的材料（或未写明问题），不能出具一次性告知书。'
        : '还有缺少的主件材料或未核验的必要材料，不能出具受理回执。' }));
      $('print').disabled = true;
    } else {
      (state.view === 'notice' ? noticeParts(a) : receiptParts(a)).forEach(function (n) { paper.appendChild(n); });
      $('print').disabled = false;
    }
    document.title = (state.view === 'notice' ? W.notice_title : W.receipt_title) + ' ' + state.no + ' · ' + subject.name;
    show('document');
    fitOnePage(paper);
    $('doc-status').textContent = '编号 ' + state.no + '，A4 一页';
    $(allowed ? 'print' : 'back').focus();
  }

  // One A4 page: leave out review points, then shrink the type, until the paper fits.
  function fitOnePage(paper) {
    var img = paper.querySelector('img');
    var limit = mm(297 - 2 * 12) - 2;
    function fits() { return paper.scrollHeight <= limit; }
    function adjust() {
      for (var i = 0; i < VIEW_LEVELS.length; i++) {
        paper.className = ('paper ' + VIEW_LEVELS[i]).trim();
        if (fits()) return;
      }
    }
    adjust();
    if (img && !img.complete) img.addEventListener('load', adjust, { once: true });
  }

  function mm(value) { return value * 96 / 25.4; }
})();
