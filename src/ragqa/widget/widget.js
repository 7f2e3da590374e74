/*! ragqa chat widget: cited answers over your own articles.
 *
 * Embed with one tag:
 *   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 * Optional attributes: data-title, data-placeholder, data-top-k, data-key (sent as X-API-Key), data-open="true",
 * data-collection (the collection to ask, sent as `collection`; default: the server's default collection).
 *
 * Plain JavaScript, no dependencies, no external fonts or CDNs. Everything lives in a shadow root so the host
 * page's styles do not leak in and ours do not leak out. Text from the server is only ever set as textContent.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.__ragqaWidget) return;

  var SVG_NS = "http://www.w3.org/2000/svg";
  var MAX_MESSAGES = 60;
  var CLOSEST = 3; // passages offered when the answer abstains
  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M4 12l16-8-6 16-2-7-8-1z",
    stop: "M7 7h10v10H7z",
    up: "M7 11v9H4v-9h3zm2 9h8.2a2 2 0 0 0 2-1.6l1.3-6.4A2 2 0 0 0 18.5 10H14l.8-4.2A1.7 1.7 0 0 0 13.1 4L9 10v10z",
    down: "M17 13V4h3v9h-3zm-2-9H6.8a2 2 0 0 0-2 1.6l-1.3 6.4A2 2 0 0 0 5.5 14H10l-.8 4.2a1.7 1.7 0 0 0 1.7 1.8L15 14V4z",
    back: "M15 5l-7 7 7 7",
    info: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 7v7m0-10v.5",
    plus: "M12 5v14M5 12h14",
  };

  // ---------- configuration from the script tag ----------

  var scriptUrl = new URL(script.getAttribute("src"), document.baseURI);
  var apiBase = new URL(script.getAttribute("data-api") || ".", scriptUrl).href.replace(/\/+$/, "");
  var config = {
    api: apiBase,
    assets: new URL(".", scriptUrl).href,
    title: script.getAttribute("data-title") || "Ask the articles",
    placeholder: script.getAttribute("data-placeholder") || "Ask a question\u2026",
    topK: parseInt(script.getAttribute("data-top-k") || "", 10) || null,
    key: script.getAttribute("data-key") || "",
    open: script.getAttribute("data-open") === "true",
    collection: script.getAttribute("data-collection") || "",
  };
  // a conversation belongs to one collection: each keeps its own
  var STORE_KEY = "ragqa-widget:v1:" + config.api + (config.collection ? "#" + config.collection : "");

  // ---------- pure helpers (also exposed for tests as window.__ragqaWidget.lib) ----------

  var MARKER_RE = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

  /** Whether position i of text is inside code: after an odd number of backticks (`v[1]` is code, no marker). */
  function inCode(text, i) {
    return (text.slice(0, i).split("`").length - 1) % 2 === 1;
  }

  /** Text in and out of code, backticks dropped: [{text, code}, ...]. ``inside``: whether the text starts in code
   * (an odd number of backticks before it). A fenced block's three backticks toggle three times: code. */
  function codePieces(text, inside) {
    var out = [];
    text.split("`").forEach(function (piece, i) {
      var code = (i % 2 === 1) !== !!inside;
      if (piece) out.push({ text: piece, code: code });
    });
    return out;
  }

  /** Split answer text into text pieces and [n] marker numbers: [{text}, {n}, ...]. */
  function tokenize(text) {
    var out = [];
    var last = 0;
    var m;
    MARKER_RE.lastIndex = 0;
    while ((m = MARKER_RE.exec(text)) !== null) {
      if (inCode(text, m.index)) continue;
      if (m.index > last) out.push({ text: text.slice(last, m.index) });
      m[1].split(",").forEach(function (s) {
        out.push({ n: parseInt(s, 10) });
      });
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push({ text: text.slice(last) });
    return out;
  }

  /** The claims each citation number supports: the text since the previous marker group. */
  function claimsByCitation(text) {
    var claims = {};
    var pending = "";
    var afterMarker = false;
    tokenize(text).forEach(function (t) {
      if (t.text !== undefined) {
        if (afterMarker) pending = "";
        pending += t.text;
        afterMarker = false;
      } else {
        var claim = pending.replace(/^[\s.,;:!?]+/, "").trim();
        if (claim) (claims[t.n] = claims[t.n] || []).push(claim);
        afterMarker = true;
      }
    });
    return claims;
  }

  var STOPWORDS = {};
  ("the and for with that this was were are has have had his her its their from but not you they she him who what " +
    "which when where how been into about than then also will would can could our out there these those all any one " +
    "more said says")
    .split(" ")
    .forEach(function (w) {
      STOPWORDS[w] = true;
    });

  /** The content words of a text (lowercase, 3+ letters, common function words dropped). */
  function words(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return w.length > 2 && !STOPWORDS[w];
    });
  }

  /** Collapse whitespace and lowercase, keeping a map from each kept character back to its offset. */
  function normalizeWithMap(text) {
    var out = "";
    var map = [];
    var space = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (/\s/.test(ch)) {
        if (!space && out.length) {
          out += " ";
          map.push(i);
        }
        space = true;
      } else {
        out += ch.toLowerCase();
        map.push(i);
        space = false;
      }
    }
    return { text: out, map: map };
  }

  var ABBREVIATION =
    /^(?:[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|Gen|Jr|Sr|St|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|No|Inc|Corp|Co|Ltd|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$/;

  /** Sentence spans [start, end) of a text: ends at . ! ? (not after "U.S", "Gen", initials) and at line breaks. */
  function sentenceSpans(text) {
    var spans = [];
    var start = 0;
    function push(end) {
      var piece = text.slice(start, end);
      var lead = piece.length - piece.replace(/^\s+/, "").length;
      var body = piece.trim();
      if (body) spans.push([start + lead, start + lead + body.length]);
      start = end;
    }
    var re = /[.!?]+["'\u201d\u2019)\]]*(?=\s|$)|\n+/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      var end = m.index + m[0].length;
      if (m[0][0] === ".") {
        var lastWord = (text.slice(start, m.index).match(/[A-Za-z.]+$/) || [""])[0];
        if (ABBREVIATION.test(lastWord)) continue;
        var next = text.slice(end).match(/^\s+(\S)/);
        if (next && /[a-z]/.test(next[1])) continue; // a lowercase word continues the sentence
      }
      push(end);
    }
    push(text.length);
    return spans;
  }

  /** Where in a passage the claims citing it come from: exact (whitespace-insensitive) match first,
   *  else the passage sentences sharing most of a claim's words (for paraphrasing LLM answers). */
  function highlightSpans(passage, claims) {
    var spans = [];
    var norm = normalizeWithMap(passage);
    (claims || []).forEach(function (claim) {
      var c = normalizeWithMap(claim.replace(MARKER_RE, "")).text.trim();
      if (c.length < 8) return;
      var at = norm.text.indexOf(c);
      if (at >= 0) {
        spans.push([norm.map[at], norm.map[at + c.length - 1] + 1]);
        return;
      }
      var cw = words(c);
      if (!cw.length) return;
      var set = {};
      cw.forEach(function (w) {
        set[w] = true;
      });
      var scored = sentenceSpans(passage).map(function (s) {
        var sw = words(passage.slice(s[0], s[1]));
        var hit = {};
        sw.forEach(function (w) {
          if (set[w]) hit[w] = true;
        });
        return { span: s, score: Object.keys(hit).length / Object.keys(set).length };
      });
      scored.sort(function (a, b) {
        return b.score - a.score;
      });
      // The best sentence if it shares a third of the claim's words; a second only if it is nearly as good
      // (a claim that merges two sentences), so a passage is never highlighted wholesale.
      var best = scored.length ? scored[0].score : 0;
      scored.slice(0, 2).forEach(function (s, i) {
        if (i === 0 ? s.score >= 0.34 : s.score >= Math.max(0.5, 0.8 * best)) spans.push(s.span);
      });
    });
    spans.sort(function (a, b) {
      return a[0] - b[0];
    });
    var merged = [];
    spans.forEach(function (s) {
      var prev = merged[merged.length - 1];
      if (prev && s[0] <= prev[1]) prev[1] = Math.max(prev[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  }

  /** Incremental parser of a text/event-stream body: feed it chunks, it calls onEvent(name, data). */
  function SSEParser(onEvent) {
    var buffer = "";
    function dispatch(block) {
      var name = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (!line || line[0] === ":") return;
        var colon = line.indexOf(":");
        var field = colon < 0 ? line : line.slice(0, colon);
        var value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
      });
      if (!data.length) return;
      var parsed;
      try {
        parsed = JSON.parse(data.join("\n"));
      } catch (e) {
        parsed = { raw: data.join("\n") };
      }
      onEvent(name, parsed);
    }
    return {
      feed: function (chunk, final) {
        buffer += chunk;
        // Normalise CR LF / CR, but keep a trailing CR: its LF may be in the next chunk.
        var keep = !final && buffer.slice(-1) === "\r" ? "\r" : "";
        if (keep) buffer = buffer.slice(0, -1);
        buffer = buffer.replace(/\r\n?/g, "\n");
        var i;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, i));
          buffer = buffer.slice(i + 2);
        }
        if (final && buffer.trim()) {
          dispatch(buffer);
          buffer = "";
        }
        buffer += keep;
      },
    };
  }

  // ---------- storage ----------

  function loadState() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      var state = raw ? JSON.parse(raw) : null;
      if (state && Array.isArray(state.messages)) return state;
    } catch (e) {
      /* storage disabled or corrupt: start fresh */
    }
    return { conversation_id: null, messages: [], open: false };
  }

  function saveState() {
    try {
      var messages = state.messages.slice(-MAX_MESSAGES).map(function (m) {
        var copy = {};
        Object.keys(m).forEach(function (k) {
          if (k[0] !== "_") copy[k] = m[k];
        });
        if (copy.status === "streaming" || copy.status === "pending") copy.status = "stopped";
        return copy;
      });
      window.localStorage.setItem(
        STORE_KEY,
        JSON.stringify({ conversation_id: state.conversation_id, messages: messages, open: state.open })
      );
    } catch (e) {
      /* storage full or disabled: the conversation still works, it just will not survive a reload */
    }
  }

  // ---------- DOM helpers ----------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "rq-icon rq-icon-" + name);
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  // ---------- build the widget ----------

  var state = loadState();
  if (config.open) state.open = true;
  var busy = null; // {controller, message} while an answer is being fetched
  var returnFocus = null;

  var host = el("div", { class: "ragqa-widget-host", "data-ragqa-widget": "" });
  host.style.display = "none"; // shown once the stylesheet has loaded, so there is no unstyled flash
  var root = host.attachShadow({ mode: "open" });
  var link = el("link", { rel: "stylesheet", href: config.assets + "widget.css" });
  // shown once styled; a conversation restored after a reload opens at its latest answer (the log had no height
  // to scroll while hidden)
  function showHost() {
    host.style.display = "";
    if (state.open) scrollToEnd();
  }
  link.addEventListener("load", showHost);
  link.addEventListener("error", showHost);
  root.appendChild(link);

  var launcher = el(
    "button",
    {
      type: "button",
      class: "rq-launcher",
      "aria-label": "Open chat: " + config.title,
      "aria-expanded": "false",
      "aria-controls": "rq-panel",
      onclick: function () {
        setOpen(!state.open);
      },
    },
    []
  );
  function setLauncher(open) {
    launcher.textContent = "";
    launcher.appendChild(icon(open ? "close" : "chat"));
    launcher.appendChild(el("span", { class: "rq-launcher-text", text: open ? "Close" : "Ask" }));
  }
  setLauncher(false);

  var titleEl = el("h2", { id: "rq-title", class: "rq-title", text: config.title });
  var newButton = el(
    "button",
    {
      type: "button",
      class: "rq-icon-button rq-new",
      "aria-label": "Start a new conversation",
      title: "New conversation",
      onclick: newConversation,
    },
    [icon("plus")]
  );
  var closeButton = el(
    "button",
    {
      type: "button",
      class: "rq-icon-button rq-close",
      "aria-label": "Close chat",
      title: "Close (Esc)",
      onclick: function () {
        setOpen(false);
      },
    },
    [icon("close")]
  );

  var log = el("div", { class: "rq-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "-1" });
  var sourceView = el("section", { class: "rq-source", role: "region", "aria-labelledby": "rq-source-title", hidden: true });

  var MAX_QUESTION = 2000;
  var KEYS_HINT = "Enter to send \u00b7 Shift+Enter for a new line \u00b7 Esc to close";
  var LONG_HINT = "Questions are limited to 2,000 characters: the rest was not kept.";
  var BUSY_HINT = "Wait for the answer (or press Stop), then send this question.";
  var hint = el("p", { id: "rq-hint", class: "rq-hint", "aria-live": "polite", text: KEYS_HINT });
  var input = el("textarea", {
    id: "rq-input",
    class: "rq-input",
    rows: "1",
    maxlength: String(MAX_QUESTION),
    placeholder: config.placeholder,
    "aria-describedby": "rq-hint",
    autocomplete: "off",
  });
  var sendButton = el("button", { type: "submit", class: "rq-send", "aria-label": "Send question" }, [icon("send")]);
  var stopButton = el(
    "button",
    { type: "button", class: "rq-stop", "aria-label": "Stop the answer", hidden: true, onclick: stop },
    [icon("stop"), el("span", { text: "Stop" })]
  );
  var form = el(
    "form",
    {
      class: "rq-form",
      onsubmit: function (e) {
        e.preventDefault();
        submit();
      },
    },
    [el("label", { for: "rq-input", class: "rq-sr", text: "Your question" }), input, sendButton, stopButton]
  );

  var panel = el(
    "section",
    { id: "rq-panel", class: "rq-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "rq-title", hidden: true },
    [
      el("header", { class: "rq-header" }, [titleEl, newButton, closeButton]),
      el("div", { class: "rq-body" }, [log, sourceView]),
      form,
      hint,
    ]
  );
  root.appendChild(el("div", { class: "rq-root" }, [panel, launcher]));

  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", autosize);
  input.addEventListener("input", function () {
    // the box takes at most 2,000 characters: a longer paste is cut, so say so rather than send its start silently
    var long = input.value.length >= MAX_QUESTION;
    hint.textContent = long ? LONG_HINT : KEYS_HINT;
    hint.classList.toggle("rq-hint-warn", long);
  });
  panel.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    if (!sourceView.hidden) closeSource();
    else setOpen(false);
  });

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 140) + "px";
  }

  function setOpen(open, noFocus) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", (open ? "Close chat: " : "Open chat: ") + config.title);
    setLauncher(open);
    root.querySelector(".rq-root").classList.toggle("rq-is-open", open);
    saveState();
    if (open) {
      scrollToEnd();
      if (!noFocus) input.focus();
    } else {
      closeSource(true);
      if (!noFocus) launcher.focus();
    }
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function setBusy(b) {
    busy = b;
    sendButton.hidden = !!b;
    stopButton.hidden = !b;
    log.setAttribute("aria-busy", b ? "true" : "false");
    if (!b && hint.textContent === BUSY_HINT) {
      hint.textContent = KEYS_HINT;
      hint.classList.remove("rq-hint-warn");
    }
  }

  // ---------- rendering messages ----------

  function renderEmpty() {
    if (state.messages.length) return;
    log.appendChild(
      el("div", { class: "rq-empty" }, [
        el("p", { text: "Ask anything about the articles on this site." }),
        el("p", { text: "Answers quote the articles and cite them as [1], [2]\u2026: select a number to read the passage." }),
      ])
    );
  }

  function renderAll() {
    log.textContent = "";
    renderEmpty();
    state.messages.forEach(function (m) {
      log.appendChild(m.role === "user" ? userNode(m) : botNode(m));
    });
    scrollToEnd();
  }

  function userNode(m) {
    return el("div", { class: "rq-msg rq-user" }, [
      el("span", { class: "rq-sr", text: "You asked: " }),
      el("p", { class: "rq-bubble", text: m.text }),
    ]);
  }

  function citationMap(m) {
    var map = {};
    (m.citations || []).forEach(function (c) {
      map[c.n] = c;
    });
    return map;
  }

  function citeButton(m, c) {
    var label = "Source " + c.n + ": " + (c.title || c.doc_id) + (sectionOf(c) ? ", " + sectionOf(c) : "");
    if (c.supported === false) label += " (may not support this sentence)";
    return el(
      "button",
      {
        type: "button",
        class: "rq-cite" + (c.supported === false ? " rq-unsupported" : ""),
        "aria-label": label,
        title: label,
        onclick: function (e) {
          openSource(m, c, e.currentTarget);
        },
      },
      ["[" + c.n + "]"]
    );
  }

  function fillText(node, m) {
    node.textContent = "";
    var map = citationMap(m);
    var inside = false; // a code span ends before any marker (markers are never in code), so this carries over
    tokenize(m.text || "").forEach(function (t) {
      if (t.text !== undefined) {
        codePieces(t.text, inside).forEach(function (p) {
          node.appendChild(p.code ? el("code", { class: "rq-code", text: p.text }) : document.createTextNode(p.text));
        });
        inside = inside !== ((t.text.split("`").length - 1) % 2 === 1);
      }
      else if (map[t.n]) node.appendChild(citeButton(m, map[t.n]));
      else node.appendChild(el("span", { class: "rq-cite-pending", text: "[" + t.n + "]" }));
    });
  }

  function botNode(m) {
    var node = el("article", { class: "rq-msg rq-bot", "aria-label": "Answer" });
    m._node = node;
    updateBot(m);
    return node;
  }

  function updateBot(m) {
    var node = m._node;
    if (!node) return;
    node.textContent = "";
    node.className =
      "rq-msg rq-bot rq-" + m.status + (m.abstained ? " rq-abstained" : "") + (m.error ? " rq-has-error" : "");
    node.setAttribute("aria-busy", m.status === "pending" || m.status === "streaming" ? "true" : "false");
    if (m.abstained) {
      node.appendChild(
        el("p", { class: "rq-abstain-label" }, [icon("info"), el("span", { text: "Not found in the articles" })])
      );
    }
    if (m.text) {
      var text = el("div", { class: "rq-text" });
      fillText(text, m);
      node.appendChild(text);
    }
    if (m.status === "pending") {
      node.appendChild(el("p", { class: "rq-status", role: "status" }, [el("span", { class: "rq-dots", "aria-hidden": "true" }), "Searching the articles\u2026"]));
    } else if (m.status === "streaming") {
      node.appendChild(el("span", { class: "rq-caret", "aria-hidden": "true" }));
    } else if (m.status === "stopped") {
      node.appendChild(el("p", { class: "rq-status", text: "Stopped." }));
    }
    if (m.error) {
      node.appendChild(
        el("div", { class: "rq-error", role: "alert" }, [
          el("p", { text: m.error }),
          el("button", {
            type: "button",
            class: "rq-retry",
            text: "Retry",
            onclick: function () {
              retry(m);
            },
          }),
        ])
      );
    }
    var cited = m.citations || [];
    if (cited.length && m.status !== "pending") {
      node.appendChild(
        el("div", { class: "rq-sources" }, [
          el("p", { class: "rq-sources-label", text: "Sources" }),
          el(
            "ol",
            { class: "rq-sources-list" },
            cited.map(function (c) {
              return el("li", {}, [
                citeButton(m, c),
                el("span", { class: "rq-source-name", text: (c.title || c.doc_id) + (sectionOf(c) ? " \u2014 " + sectionOf(c) : "") }),
              ]);
            })
          ),
        ])
      );
    }
    var closest = m.passages || [];
    if (m.abstained && m.status === "done" && !cited.length && closest.length) {
      node.appendChild(
        el("div", { class: "rq-sources rq-closest" }, [
          el("p", { class: "rq-sources-label", text: "Closest passages" }),
          el(
            "ol",
            { class: "rq-sources-list" },
            closest.map(function (c) {
              var name = (c.title || c.doc_id) + (sectionOf(c) ? " \u2014 " + sectionOf(c) : "");
              var text = (c.text || "").replace(/\s+/g, " ").trim();
              return el("li", {}, [
                el("button", {
                  type: "button",
                  class: "rq-closest-open",
                  "aria-label": "Closest passage " + c.n + ": " + name,
                  onclick: function (e) {
                    openSource(m, c, e.currentTarget);
                  },
                }, [
                  el("span", { class: "rq-closest-name", text: name }),
                  el("span", { class: "rq-closest-text", text: text.length > 110 ? text.slice(0, 110) + "\u2026" : text }),
                ]),
              ]);
            })
          ),
        ])
      );
    }
    if (m.status === "done" && m.answer_id && m.conversation_id) node.appendChild(feedbackNode(m));
  }

  // ---------- the cited passage ----------

  // A passage's section, unless it only repeats the title (an article without headings: "Title \u2014 Title").
  function sectionOf(c) {
    return c.section && c.section !== c.title ? c.section : "";
  }

  function openSource(m, c, opener) {
    returnFocus = opener || null;
    sourceView.textContent = "";
    var passage = el("blockquote", { class: "rq-passage" });
    var text = c.text || "";
    var spans = highlightSpans(text, claimsByCitation(m.text || "")[c.n]);
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] > pos) passage.appendChild(document.createTextNode(text.slice(pos, s[0])));
      passage.appendChild(el("mark", { class: "rq-mark", text: text.slice(s[0], s[1]) }));
      pos = s[1];
    });
    if (pos < text.length) passage.appendChild(document.createTextNode(text.slice(pos)));

    var heading = el("h3", { id: "rq-source-title", class: "rq-source-title", tabindex: "-1", text: c.title || c.doc_id });
    var children = [
      el("div", { class: "rq-source-bar" }, [
        el("button", { type: "button", class: "rq-back", "aria-label": "Back to the conversation", onclick: function () { closeSource(); } }, [
          icon("back"),
          el("span", { text: "Back" }),
        ]),
        el("span", { class: "rq-source-n", text: c.closest ? "Closest passage " + c.n : "Source [" + c.n + "]" }),
      ]),
      heading,
      sectionOf(c) || c.page
        ? el("p", { class: "rq-source-section", text: [sectionOf(c), c.page ? "p. " + c.page : ""].filter(Boolean).join(", ") })
        : null,
      c.supported === false
        ? el("p", { class: "rq-warning", text: "This passage may not support the sentence that cites it." })
        : null,
      passage,
      /^https?:\/\//i.test(c.url || "")
        ? el("a", { class: "rq-source-link", href: c.url, target: "_blank", rel: "noopener noreferrer", text: "Read the article" })
        : null,
      el("p", {
        class: "rq-source-meta",
        text: c.doc_id + " \u00b7 characters " + c.start + "\u2013" + c.end + (typeof c.score === "number" ? " \u00b7 relevance " + c.score.toFixed(2) : ""),
      }),
    ];
    children.forEach(function (ch) {
      if (ch) sourceView.appendChild(ch);
    });
    sourceView.hidden = false;
    log.hidden = true;
    heading.focus();
    var mark = passage.querySelector("mark");
    if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: "nearest" });
  }

  function closeSource(silent) {
    if (sourceView.hidden) return;
    sourceView.hidden = true;
    log.hidden = false;
    if (!silent && returnFocus && returnFocus.isConnected) returnFocus.focus();
    else if (!silent) input.focus();
    returnFocus = null;
  }

  // ---------- feedback ----------

  function feedbackNode(m) {
    var status = el("span", { class: "rq-feedback-status", role: "status" });
    var comment = null;
    function rate(rating, text) {
      status.textContent = "Sending\u2026";
      var body = {
        conversation_id: m.conversation_id,
        answer_id: m.answer_id,
        rating: rating,
        comment: text || "",
        question: (m.question || "").slice(0, 2000),
        answer: (m.text || "").slice(0, 20000),
      };
      if (config.collection) body.collection = config.collection; // kept with the collection that answered
      return request("/feedback", body).then(
        function () {
          m.rating = rating;
          if (text) m.commented = true;
          saveState();
          up.setAttribute("aria-pressed", String(rating === "up"));
          down.setAttribute("aria-pressed", String(rating === "down"));
          status.textContent = text ? "Thanks, your comment was sent." : "Thanks for the feedback.";
          if (rating === "down" && !m.commented && !comment) showComment();
          if (rating === "up" && comment) {
            comment.remove();
            comment = null;
          }
        },
        function (err) {
          status.textContent = "Feedback not sent: " + err.message;
        }
      );
    }
    function showComment() {
      var box = el("textarea", { class: "rq-comment-input", rows: "2", maxlength: "2000", "aria-label": "What was wrong with this answer? (optional)", placeholder: "What was wrong? (optional)" });
      comment = el(
        "form",
        {
          class: "rq-comment",
          onsubmit: function (e) {
            e.preventDefault();
            if (!box.value.trim()) return;
            rate("down", box.value.trim()).then(function () {
              if (m.commented && comment) {
                comment.remove();
                comment = null;
              }
            });
          },
        },
        [box, el("button", { type: "submit", class: "rq-comment-send", text: "Send comment" })]
      );
      wrap.appendChild(comment);
      box.focus();
    }
    var up = el(
      "button",
      { type: "button", class: "rq-thumb rq-up", "aria-label": "Helpful answer", title: "Helpful", "aria-pressed": String(m.rating === "up"), onclick: function () { rate("up"); } },
      [icon("up")]
    );
    var down = el(
      "button",
      { type: "button", class: "rq-thumb rq-down", "aria-label": "Unhelpful or wrong answer", title: "Not helpful", "aria-pressed": String(m.rating === "down"), onclick: function () { rate("down"); } },
      [icon("down")]
    );
    var wrap = el("div", { class: "rq-feedback", role: "group", "aria-label": "Rate this answer" }, [up, down, status]);
    return wrap;
  }

  // ---------- talking to the API ----------

  function headers(extra) {
    var h = { "Content-Type": "application/json" };
    if (config.key) h["X-API-Key"] = config.key;
    Object.keys(extra || {}).forEach(function (k) {
      h[k] = extra[k];
    });
    return h;
  }

  function errorFrom(response) {
    return response.text().then(function (body) {
      var message = "";
      try {
        var parsed = JSON.parse(body);
        message = (parsed.error && parsed.error.message) || parsed.detail || "";
      } catch (e) {
        message = "";
      }
      var err = new Error(message || "the server answered " + response.status + " " + response.statusText);
      err.status = response.status;
      return err;
    });
  }

  function request(path, body) {
    return fetch(config.api + path, { method: "POST", headers: headers(), body: JSON.stringify(body) }).then(
      function (response) {
        if (!response.ok) return errorFrom(response).then(function (err) { throw err; });
        return response.json();
      },
      function () {
        throw new Error("could not reach the server");
      }
    );
  }

  function submit() {
    var question = input.value.trim();
    if (question && busy) {
      // Enter while an answer is coming did nothing at all: say why the question stays in the box
      hint.textContent = BUSY_HINT;
      hint.classList.add("rq-hint-warn");
      return;
    }
    if (!question) return;
    input.value = "";
    hint.textContent = KEYS_HINT;
    hint.classList.remove("rq-hint-warn");
    autosize();
    var user = { role: "user", text: question };
    state.messages.push(user);
    var empty = log.querySelector(".rq-empty");
    if (empty) empty.remove();
    log.appendChild(userNode(user));
    ask(question);
  }

  function retry(m) {
    if (busy) return;
    var i = state.messages.indexOf(m);
    if (i < 0) return;
    if (m._node) m._node.remove();
    state.messages.splice(i, 1);
    ask(m.question);
  }

  function stop() {
    if (busy) busy.controller.abort();
  }

  function newConversation() {
    if (busy) busy.controller.abort();
    state.conversation_id = null;
    state.messages = [];
    saveState();
    closeSource(true);
    renderAll();
    input.focus();
  }

  function ask(question) {
    var m = { role: "assistant", question: question, text: "", citations: [], abstained: false, status: "pending" };
    state.messages.push(m);
    log.appendChild(botNode(m));
    scrollToEnd();
    var controller = new AbortController();
    setBusy({ controller: controller, message: m });
    var pendingRender = false;
    function render() {
      if (pendingRender) return;
      pendingRender = true;
      requestAnimationFrame(function () {
        pendingRender = false;
        var atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        updateBot(m);
        if (atEnd) scrollToEnd();
      });
    }
    var finished = false;
    function onEvent(name, data) {
      if (name === "sources") {
        if (data.conversation_id) state.conversation_id = m.conversation_id = data.conversation_id;
        if (data.answer_id) m.answer_id = data.answer_id;
        // kept for an abstention: the person may still read what came closest
        m.passages = (data.passages || []).slice(0, CLOSEST).map(function (p, i) {
          return Object.assign({ n: i + 1, closest: true }, p);
        });
        m.status = "streaming";
      } else if (name === "delta") {
        m.status = "streaming";
        m.text += data.text || "";
      } else if (name === "citations") {
        m.citations = data.citations || [];
        m.abstained = !!data.abstained;
      } else if (name === "done") {
        if (data.conversation_id) state.conversation_id = m.conversation_id = data.conversation_id;
        if (data.answer_id) m.answer_id = data.answer_id;
        if (typeof data.abstained === "boolean") m.abstained = data.abstained;
        if (!m.abstained) delete m.passages; // an answer has its citations; nothing more to keep
        m.mode = data.mode;
        m.status = "done";
        finished = true;
      } else if (name === "error") {
        m.status = "failed";
        m.error = (data && data.message) || "the answer failed";
        finished = true;
      }
      render();
    }
    var body = { question: question, stream: true };
    if (state.conversation_id) body.conversation_id = state.conversation_id;
    if (config.topK) body.top_k = config.topK;
    if (config.collection) body.collection = config.collection;

    fetch(config.api + "/ask", {
      method: "POST",
      headers: headers({ Accept: "text/event-stream" }),
      body: JSON.stringify(body),
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) return errorFrom(response).then(function (err) { throw err; });
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("text/event-stream") < 0) {
          // A server without streaming answers in one JSON object: render it whole.
          return response.json().then(function (data) {
            onEvent("sources", data);
            onEvent("delta", { text: data.answer || "" });
            onEvent("citations", data);
            onEvent("done", data);
          });
        }
        var parser = SSEParser(onEvent);
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) {
              parser.feed(decoder.decode(), true);
              return;
            }
            parser.feed(decoder.decode(r.value, { stream: true }), false);
            return pump();
          });
        }
        return pump();
      })
      .then(function () {
        if (!finished) {
          m.status = "failed";
          m.error = "The connection closed before the answer was complete.";
        }
      })
      .catch(function (err) {
        if (controller.signal.aborted) {
          m.status = "stopped";
        } else {
          m.status = "failed";
          m.error =
            err && err.status
              ? "Sorry, the question could not be answered: " + err.message
              : "Could not reach the server. Check your connection and retry.";
        }
      })
      .then(function () {
        if (busy && busy.controller === controller) setBusy(null);
        saveState();
        updateBot(m);
        scrollToEnd();
        // The stop button just disappeared: put focus back where the next question is typed.
        var active = document.activeElement;
        var lost = active === document.body || (active === host && (!root.activeElement || root.activeElement === stopButton));
        if (state.open && lost) input.focus();
      });
  }

  // ---------- start ----------

  function mount() {
    document.body.appendChild(host);
    renderAll();
    if (state.open) setOpen(true, true);
  }
  // Another tab of the site asked in this conversation: show what it stored (one conversation in every tab), rather
  // than write this tab's older copy over it on the next question.
  window.addEventListener("storage", function (e) {
    if (e.key !== STORE_KEY || busy) return;
    var stored = loadState();
    state.conversation_id = stored.conversation_id;
    state.messages = stored.messages;
    renderAll();
  });
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.__ragqaWidget = {
    config: config,
    open: function () {
      setOpen(true);
    },
    close: function () {
      setOpen(false);
    },
    lib: {
      tokenize: tokenize,
      codePieces: codePieces,
      claimsByCitation: claimsByCitation,
      highlightSpans: highlightSpans,
      sentenceSpans: sentenceSpans,
      SSEParser: SSEParser,
    },
  };
})();
