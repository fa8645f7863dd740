// 领事保护与协助助手 — web chat widget. One <script src=".../webhooks/webchat/widget.js"> embeds it.
// Talks to Rasa's REST channel; the session id lives in localStorage so a reload keeps the
// conversation (history from /webhooks/webchat/history). No external resources.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? new URL(script.src, location.href).origin : location.origin;
  var KEY = "consular-chat-session";
  var DRAFT = "consular-chat-draft";

  function newSession() {
    var id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() :
      "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
        var r = Math.random() * 16 | 0; return (c === "x" ? r : (r & 3 | 8)).toString(16);
      });
    localStorage.setItem(KEY, "web-" + id);
    return "web-" + id;
  }
  var session = localStorage.getItem(KEY) || newSession();

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "/webhooks/webchat/widget.css";
  document.head.appendChild(css);

  var root = document.createElement("div");
  root.className = "cc-root";
  root.innerHTML =
    '<button class="cc-open" type="button" aria-expanded="false" aria-controls="cc-panel">领事求助</button>' +
    '<section id="cc-panel" class="cc-panel" role="dialog" aria-label="领事保护与协助助手" hidden>' +
    '  <header class="cc-head"><span>领事保护与协助助手</span>' +
    '    <button type="button" class="cc-new">新对话</button>' +
    '    <button type="button" class="cc-close" aria-label="关闭">×</button></header>' +
    '  <div class="cc-notice" role="status" aria-live="assertive" hidden></div>' +
    '  <div class="cc-log" role="log" aria-live="polite" aria-label="对话记录"></div>' +
    '  <div class="cc-typing" hidden aria-hidden="true">正在输入…</div>' +
    '  <form class="cc-form"><label class="cc-sr" for="cc-input">输入您的问题</label>' +
    '    <textarea id="cc-input" rows="2" placeholder="请描述您遇到的情况，例如“护照丢了”"></textarea>' +
    '    <button type="submit">发送</button></form>' +
    '  <button type="button" class="cc-human">转人工 / 12308</button>' +
    '</section>';
  document.body.appendChild(root);

  var panel = root.querySelector(".cc-panel");
  var openButton = root.querySelector(".cc-open");
  var log = root.querySelector(".cc-log");
  var input = root.querySelector("#cc-input");
  var typing = root.querySelector(".cc-typing");
  var notice = root.querySelector(".cc-notice");
  input.value = localStorage.getItem(DRAFT) || "";

  function open(show) {
    panel.hidden = !show;
    openButton.setAttribute("aria-expanded", String(show));
    if (show) { input.focus(); }
  }
  openButton.addEventListener("click", function () { open(panel.hidden); });
  root.querySelector(".cc-close").addEventListener("click", function () { open(false); openButton.focus(); });

  // Phone numbers become tel: links, URLs become links; everything else is text (no HTML injection).
  var PATTERN = /(https?:\/\/[^\s）)，。]+)|(\+?\d[\d-]{3,}\d)/g;
  function richText(container, text) {
    var last = 0, match;
    PATTERN.lastIndex = 0;
    while ((match = PATTERN.exec(text)) !== null) {
      container.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[2] && /^\d{4}-\d{2}-\d{2}$/.test(match[2])) {  // a date, not a phone number
        container.appendChild(document.createTextNode(match[2]));
        last = match.index + match[0].length;
        continue;
      }
      var a = document.createElement("a");
      if (match[1]) { a.href = match[1]; a.target = "_blank"; a.rel = "noopener"; a.textContent = match[1]; }
      else { a.href = "tel:" + match[2].replace(/-/g, ""); a.textContent = match[2]; }
      container.appendChild(a);
      last = match.index + match[0].length;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  function add(from, text, buttons) {
    var item = document.createElement("div");
    item.className = "cc-msg cc-" + from;
    if (text) { richText(item, text); }
    (buttons || []).forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cc-choice";
      button.textContent = b.title;
      button.addEventListener("click", function () { send(b.payload, b.title); });
      item.appendChild(button);
    });
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function showNotice(text) { notice.textContent = text; notice.hidden = !text; }

  function newMessageId() {
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  // One id per message, the same on every retry: the server answers a retry from the stored
  // conversation if the first attempt was processed, so nothing is answered twice.
  function post(message, attempt, messageId) {
    messageId = messageId || newMessageId();
    return fetch(base + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: session, message: message, message_id: messageId })
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).catch(function () {
      // Server restarting or network down: say so, keep the message, try again.
      showNotice("连接中断，正在重试…（您输入的内容不会丢失）");
      var wait = Math.min(8000, 1000 * Math.pow(2, attempt));
      return new Promise(function (resolve) { setTimeout(resolve, wait); })
        .then(function () { return post(message, attempt + 1, messageId); });
    });
  }

  var busy = false;
  function send(message, shown) {
    if (busy || !message.trim()) { return; }
    busy = true;
    add("user", shown || message);
    typing.hidden = false;
    post(message, 0).then(function (replies) {
      showNotice("");
      typing.hidden = true;
      busy = false;
      if (message === input.value.trim()) { input.value = ""; localStorage.removeItem(DRAFT); }
      replies.forEach(function (r) { add("bot", r.text || "", r.buttons); });
    });
  }

  root.querySelector(".cc-form").addEventListener("submit", function (e) {
    e.preventDefault();
    send(input.value.trim());
  });
  input.addEventListener("input", function () { localStorage.setItem(DRAFT, input.value); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(input.value.trim()); }
  });
  root.querySelector(".cc-human").addEventListener("click", function () { send("转人工", "转人工 / 12308"); });
  root.querySelector(".cc-new").addEventListener("click", function () {
    session = newSession();
    log.innerHTML = "";
    send("/greet", "你好");
  });

  fetch(base + "/webhooks/webchat/history?sender=" + encodeURIComponent(session))
    .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
    .then(function (data) {
      data.messages.forEach(function (m) { add(m.from, m.text, m.from === "bot" ? m.buttons : []); });
      if (!data.messages.length) { add("bot", "您好，我是领事保护与协助助手。请描述您在国外遇到的情况；紧急情况请先拨打当地报警电话和12308热线 +86-10-12308。"); }
    })
    .catch(function () { showNotice("暂时无法连接服务器，正在重试…"); });

  if (location.hash === "#open" || script && script.dataset.open === "true") { open(true); }
})();
