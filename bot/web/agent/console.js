// 12308 agents' console: suggestions as the agent types, the answer card, feedback.
(function () {
  "use strict";
  var api = "/webhooks/agent";
  var token = sessionStorage.getItem("agent-token") || "";
  var $ = function (id) { return document.getElementById(id); };
  var current = { text: "", suggestions: [], chosen: null, card: "" };
  var timer = null, seq = 0, typedAt = 0;
  window.__renders = 0;  // read by `make bench` (keystroke → suggestions latency)

  function call(method, path, body) {
    return fetch(api + path, {
      method: method,
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (r.status === 401 || r.status === 503) { throw new Error("auth"); }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function status(text) { $("status").textContent = text; }

  function login(given) {
    token = given;
    return call("GET", "/sections").then(function (sections) {
      sessionStorage.setItem("agent-token", token);
      $("login").hidden = true;
      $("console").hidden = false;
      var select = $("correct");
      sections.forEach(function (s) {
        var option = document.createElement("option");
        option.value = s.section;
        option.textContent = s.section + " " + s.title;
        select.appendChild(option);
      });
      $("caller").focus();
    }).catch(function () {
      sessionStorage.removeItem("agent-token");
      $("login-error").textContent = "令牌错误，请重新输入。";
      $("login-error").hidden = false;
    });
  }

  $("login").addEventListener("submit", function (e) { e.preventDefault(); login($("token").value); });
  if (token) { login(token); }

  function suggest() {
    var text = $("caller").value;
    var mine = ++seq;
    var started = typedAt;
    call("POST", "/suggest", { text: text }).then(function (result) {
      if (mine !== seq) { return; }  // a newer keystroke already asked
      current.text = text;
      current.suggestions = result.suggestions;
      render(result);
      window.__keystrokeToSuggestionsMs = performance.now() - started;
      window.__renders += 1;
    }).catch(function () { status("连接失败，正在重试…"); setTimeout(suggest, 1000); });
  }

  function render(result) {
    status("");
    var banner = $("banner");
    banner.hidden = !result.emergency;
    banner.textContent = result.emergency ? "⚠️ 可能危及生命安全：请提醒来电人立即拨打当地报警/急救电话" : "";
    var list = $("suggestions");
    list.innerHTML = "";
    result.suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "option");
      button.dataset.section = s.section;
      button.innerHTML = "";
      var conf = document.createElement("span");
      conf.className = "conf";
      conf.textContent = Math.round(s.confidence * 100) + "%";
      button.appendChild(conf);
      button.appendChild(document.createTextNode(s.section + " " + s.title));
      button.addEventListener("click", function () { choose(s.section, result.country); });
      li.appendChild(button);
      list.appendChild(li);
      if (i === 0) { choose(s.section, result.country); }
    });
    var country = $("country");
    country.hidden = !result.country;
    country.textContent = result.country ? "来电人所在国家：" + result.country : "";
    if (!result.suggestions.length) { $("card").textContent = result.reply || ""; enable(false); }
  }

  function choose(section, country) {
    current.chosen = section;
    Array.prototype.forEach.call(document.querySelectorAll("#suggestions button"), function (b) {
      b.setAttribute("aria-selected", String(b.dataset.section === section));
    });
    var query = country ? "?country=" + encodeURIComponent(country) : "";
    call("GET", "/card/" + encodeURIComponent(section) + query).then(function (card) {
      var lines = [card.section + " " + card.title];
      if (card.local_numbers) { lines.push("当地紧急电话：" + card.local_numbers); }
      lines.push("", card.text);
      current.card = lines.join("\n");
      $("card").textContent = current.card;
      enable(true);
    });
  }

  function enable(on) { ["copy", "right", "correct", "wrong"].forEach(function (id) { $(id).disabled = !on; }); }

  function feedback(kind, chosen) {
    var suggested = current.suggestions.length ? current.suggestions[0].section : null;
    return call("POST", "/feedback", { text: current.text, suggested: suggested, chosen: chosen, kind: kind })
      .then(function () { status(kind === "copy" ? "已复制，已记录" : "反馈已记录，谢谢"); });
  }

  $("caller").addEventListener("input", function () {
    typedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  $("copy").addEventListener("click", function () {
    var done = function () { feedback("copy", current.chosen); };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(current.card).then(done, done); }
    else {
      var area = document.createElement("textarea");
      area.value = current.card; document.body.appendChild(area); area.select();
      try { document.execCommand("copy"); } catch (e) { /* the card stays selectable */ }
      document.body.removeChild(area); done();
    }
  });
  $("right").addEventListener("click", function () { feedback("right", current.chosen); });
  $("wrong").addEventListener("click", function () {
    var chosen = $("correct").value;
    if (!chosen) { status("请先选择正确章节"); $("correct").focus(); return; }
    feedback("wrong", chosen);
  });
})();
