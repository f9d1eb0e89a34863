/*
 * chat-widget.js: the chat-autologin emulator's stand-in for the Chat for Jira
 * Service Management widget script, served by `chat-autologin serve` at
 * /chat-widget.js. It emulates the widget's login side only (there is no chat):
 * the same JavaScript API as the vendor's widget, a small bubble bottom right
 * that says who is logged in, and logins checked by the emulator.
 *
 * A page includes it where it would include the vendor's script:
 *
 *   <script src="http://127.0.0.1:8787/chat-widget.js"></script>
 *   <chat-widget jira-id="emulator" service-desk-id="1"></chat-widget>
 *
 * The script finds the emulator from its own src, so the page may be on any
 * origin (the emulator answers cross-origin requests, without credentials).
 *
 * THE <chat-widget> ELEMENT
 *   Attributes  jira-id, service-desk-id: shown in the bubble, not checked.
 *               hidden: the standard attribute; the widget is not shown while
 *               it is there (show() removes it, hide() sets it).
 *   Loading     Once the widget has loaded, it dispatches a `load` event (not
 *               bubbling) on the element, so an `onload` property
 *               (`widget.onload = fn`), an `onload="…"` attribute and
 *               `addEventListener('load', fn)` are all called, once per
 *               element. It fires asynchronously, once the element is in the
 *               document and DOMContentLoaded has fired: a handler set by the
 *               page's inline or deferred scripts is called; one set after it
 *               fired (by an async script, say) is not.
 *               Emulator extras, to not miss it: `widget.loaded` (true once
 *               it has fired) and `widget.ready` (a Promise of the element,
 *               resolved right after it has fired).
 *   loginWithToken(token) -> Promise
 *               Logs the visitor in with the JWT the site's back end minted.
 *               Resolves with {email, displayName} once logged in. Rejects
 *               with an Error whose
 *                 .code     is the contract's code (bad_signature,
 *                           token_expired, malformed_token, …), or
 *                           user_not_ready (--new-user-delay: a new user is
 *                           still being created; retry with a fresh token),
 *                           or network_error (the emulator cannot be reached);
 *                 .message  is "<code>: <what was wrong>";
 *                 .name     is "ChatWidgetError";
 *                 .status   is the HTTP status (401, 503, 400; 0 for
 *                           network_error);
 *                 .retryAfter  (user_not_ready only) seconds to wait.
 *               A failed login leaves whoever was logged in logged in. Calls
 *               made before the widget has loaded wait for it; calls to login
 *               and logout run one after the other, in order.
 *   logout() -> Promise
 *               Logs the visitor out; resolves (with undefined) once done,
 *               also when nobody was logged in.
 *   show(), hide()
 *               Show or hide the widget (remove or set `hidden`).
 *   loggedIn, user
 *               Emulator extras: a boolean, and {email, displayName} or null.
 *
 * THE OLDER window.spartezSupportChat GLOBAL
 *   The script defines window.spartezSupportChat, keeping an object the page
 *   defined before it (so `window.spartezSupportChat = {initCallback: fn}`
 *   placed before the script works).
 *   initCallback  called once (with this = the global) when the widget has
 *                 loaded, after DOMContentLoaded, if it is a function by then;
 *                 assigning it later does not call it.
 *   sso.login(token) -> Promise, sso.logout() -> Promise
 *                 the same as loginWithToken(token) and logout() above.
 *   loaded, ready Emulator extras, as for the element (ready resolves with
 *                 the global).
 *   If the document has no <chat-widget> once it has been parsed, the script
 *   adds one at the end of <body> (data-created-by="chat-widget.js"), so that
 *   a page using the older API has a bubble too.
 *
 * ONE LOGIN PER TAB
 *   Every <chat-widget> on the page and the global share one login, like the
 *   vendor's widget: the tab keeps a widget session id in sessionStorage, and
 *   a page loaded later in the same tab is still logged in (as the emulator
 *   confirms) until logout().
 *
 * FOR TESTS: every element carries data-state = loading | logged-out |
 * logging-in | logged-in, and renders, inside itself (no shadow DOM):
 *   [data-testid="chat-widget-bubble"]   the bubble; data-state as above,
 *                                        data-visible = "true" | "false"
 *   [data-testid="chat-widget-title"]    "Chat (emulator)"
 *   [data-testid="chat-widget-project"]  "jira-id … · service-desk-id …"
 *   [data-testid="chat-widget-status"]   exactly "Logged in as <displayName>
 *                                        <<email>>" (e.g. "Logged in as Ada
 *                                        Lovelace <ada@example.com>"),
 *                                        "Not logged in", or "Loading…" before
 *                                        the widget has loaded
 *   [data-testid="chat-widget-error"]    after a failed login: "Login failed:
 *                                        <code>: <message>", with data-code;
 *                                        empty and hidden otherwise (cleared
 *                                        by a login or a logout)
 *
 * The script never logs or stores a token.
 */
(function () {
  'use strict';

  if (window.customElements.get('chat-widget')) {
    return; // loaded twice, or next to another widget script: keep the first
  }

  function findOwnScript() {
    if (document.currentScript && document.currentScript.src) {
      return document.currentScript.src;
    }
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/chat-widget\.js(?:[?#]|$)/.test(scripts[i].src)) {
        return scripts[i].src;
      }
    }
    return window.location.href;
  }

  var scriptUrl = findOwnScript();
  var emulatorOrigin = new URL(scriptUrl).origin;
  var STORAGE_KEY = 'chat-autologin-emulator:' + emulatorOrigin + ':session';

  function readSessionId() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY);
    } catch (_) {
      return null; // storage blocked: the login lasts as long as the page
    }
  }

  function saveSessionId(id) {
    sessionId = id;
    try {
      window.sessionStorage.setItem(STORAGE_KEY, id);
    } catch (_) {
      /* kept in memory only */
    }
  }

  function forgetSessionId() {
    sessionId = null;
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (_) {
      /* nothing stored */
    }
  }

  function newSessionId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return 'widget-' + window.crypto.randomUUID();
    }
    return 'widget-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  var sessionId = readSessionId();
  // The id a first login asks for; kept once a login succeeds.
  var pendingSessionId = newSessionId();
  var state = { phase: 'loading', user: null, error: null };
  var widgets = [];

  function setState(changes) {
    Object.keys(changes).forEach(function (key) {
      state[key] = changes[key];
    });
    widgets.forEach(render);
  }

  function widgetError(code, message, status, retryAfter) {
    var error = new Error(code + ': ' + message);
    error.name = 'ChatWidgetError';
    error.code = code;
    error.status = status;
    if (retryAfter !== undefined) {
      error.retryAfter = retryAfter;
    }
    return error;
  }

  async function call(method, path, body) {
    var response;
    try {
      response = await fetch(new URL(path, scriptUrl).href, {
        method: method,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (cause) {
      throw widgetError(
        'network_error',
        'the chat emulator at ' + emulatorOrigin + ' cannot be reached (' + cause.message + ')',
        0
      );
    }
    var data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      var error = (data && data.error) || {};
      throw widgetError(
        error.code || 'http_' + response.status,
        error.message || 'the chat emulator answered HTTP ' + response.status,
        response.status,
        error.retryAfter
      );
    }
    return data || {};
  }

  // Loaded once the emulator has said whether this tab is still logged in.
  var ready = (async function () {
    if (sessionId) {
      try {
        var data = await call(
          'GET',
          '/api/session?sessionId=' + encodeURIComponent(sessionId)
        );
        if (data.loggedIn) {
          setState({
            phase: 'logged-in',
            user: { email: data.email, displayName: data.displayName },
          });
          return;
        }
      } catch (error) {
        console.warn('chat-widget (emulator): ' + error.message);
      }
      forgetSessionId();
    }
    setState({ phase: 'logged-out' });
  })();

  // Logins and logouts run one after the other, in the order called.
  var queue = Promise.resolve();
  function serialized(operation) {
    var run = queue.then(operation, operation);
    queue = run.catch(function () {});
    return run;
  }

  function login(token) {
    return serialized(async function () {
      await ready;
      setState({ phase: 'logging-in' });
      try {
        var data = await call('POST', '/api/login', {
          token: token,
          sessionId: sessionId || pendingSessionId,
        });
        saveSessionId(data.sessionId);
        var user = { email: data.email, displayName: data.displayName };
        setState({ phase: 'logged-in', user: user, error: null });
        return { email: user.email, displayName: user.displayName };
      } catch (error) {
        setState({
          phase: state.user ? 'logged-in' : 'logged-out',
          error: { code: error.code, message: error.message },
        });
        throw error;
      }
    });
  }

  function logout() {
    return serialized(async function () {
      await ready;
      var id = sessionId;
      forgetSessionId();
      setState({ phase: 'logged-out', user: null, error: null });
      if (id) {
        await call('POST', '/api/logout', { sessionId: id });
      }
    });
  }

  // Whether DOMContentLoaded has fired: the page's deferred scripts have run.
  function domContentLoadedFired() {
    if (document.readyState !== 'interactive') {
      return document.readyState === 'complete';
    }
    var navigation =
      window.performance && performance.getEntriesByType
        ? performance.getEntriesByType('navigation')[0]
        : null;
    return Boolean(navigation && navigation.domContentLoadedEventStart > 0);
  }

  var documentParsed = new Promise(function (resolve) {
    if (domContentLoadedFired()) {
      resolve();
      return;
    }
    document.addEventListener('DOMContentLoaded', resolve, { once: true });
    document.addEventListener('readystatechange', function () {
      if (document.readyState === 'complete') {
        resolve();
      }
    });
  });

  function later() {
    return new Promise(function (resolve) {
      setTimeout(resolve, 0);
    });
  }

  var CSS =
    'chat-widget[hidden]{display:none!important}' +
    'chat-widget .chat-autologin-emulator-bubble{position:fixed;right:16px;bottom:16px;' +
    'z-index:2147483000;max-width:340px;padding:10px 14px;border-radius:16px 16px 4px 16px;' +
    'background:#0052cc;color:#fff;font:13px/1.4 system-ui,sans-serif;' +
    'box-shadow:0 4px 14px rgba(9,30,66,.3);text-align:left}' +
    'chat-widget .chat-autologin-emulator-title{font-weight:600}' +
    'chat-widget .chat-autologin-emulator-project{opacity:.8;font-size:11px}' +
    'chat-widget .chat-autologin-emulator-error{margin-top:6px;padding:4px 6px;' +
    'border-radius:4px;background:#ffebe6;color:#bf2600}' +
    'chat-widget .chat-autologin-emulator-error[hidden]{display:none}';

  function addStyle() {
    if (document.getElementById('chat-autologin-emulator-style')) {
      return;
    }
    var style = document.createElement('style');
    style.id = 'chat-autologin-emulator-style';
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  function part(name, testid) {
    var element = document.createElement('div');
    element.className = 'chat-autologin-emulator-' + name;
    element.setAttribute('data-testid', testid);
    return element;
  }

  function build(widget) {
    if (widget._parts) {
      return;
    }
    addStyle();
    var parts = {
      bubble: part('bubble', 'chat-widget-bubble'),
      title: part('title', 'chat-widget-title'),
      project: part('project', 'chat-widget-project'),
      status: part('status', 'chat-widget-status'),
      error: part('error', 'chat-widget-error'),
    };
    parts.title.textContent = 'Chat (emulator)';
    parts.bubble.append(parts.title, parts.project, parts.status, parts.error);
    widget.textContent = '';
    widget.appendChild(parts.bubble);
    widget._parts = parts;
  }

  // Text only (textContent): nothing from a token is ever parsed as HTML.
  function render(widget) {
    var parts = widget._parts;
    if (!parts) {
      return;
    }
    widget.setAttribute('data-state', state.phase);
    parts.bubble.setAttribute('data-state', state.phase);
    parts.bubble.setAttribute('data-visible', widget.hasAttribute('hidden') ? 'false' : 'true');
    parts.project.textContent =
      'jira-id ' + (widget.getAttribute('jira-id') || '(none)') +
      ' \u00b7 service-desk-id ' + (widget.getAttribute('service-desk-id') || '(none)');
    if (state.user) {
      parts.status.textContent =
        'Logged in as ' + state.user.displayName + ' <' + state.user.email + '>';
    } else if (state.phase === 'loading') {
      parts.status.textContent = 'Loading\u2026';
    } else {
      parts.status.textContent = 'Not logged in';
    }
    if (state.error) {
      parts.error.textContent = 'Login failed: ' + state.error.message;
      parts.error.setAttribute('data-code', state.error.code);
      parts.error.hidden = false;
    } else {
      parts.error.textContent = '';
      parts.error.removeAttribute('data-code');
      parts.error.hidden = true;
    }
  }

  class ChatWidgetElement extends HTMLElement {
    static get observedAttributes() {
      return ['jira-id', 'service-desk-id', 'hidden'];
    }

    constructor() {
      super();
      var widget = this;
      this._loaded = false;
      this._loadStarted = false;
      this._parts = null;
      this._ready = new Promise(function (resolve) {
        widget._resolveReady = resolve;
      });
    }

    connectedCallback() {
      if (widgets.indexOf(this) < 0) {
        widgets.push(this);
      }
      build(this);
      render(this);
      if (!this._loadStarted) {
        this._loadStarted = true;
        var widget = this;
        Promise.all([ready, documentParsed])
          .then(later)
          .then(function () {
            widget._loaded = true;
            widget.dispatchEvent(new Event('load'));
            widget._resolveReady(widget);
          });
      }
    }

    disconnectedCallback() {
      var index = widgets.indexOf(this);
      if (index >= 0) {
        widgets.splice(index, 1);
      }
    }

    attributeChangedCallback() {
      render(this);
    }

    get ready() {
      return this._ready;
    }

    get loaded() {
      return this._loaded;
    }

    get loggedIn() {
      return state.user !== null;
    }

    get user() {
      return state.user ? { email: state.user.email, displayName: state.user.displayName } : null;
    }

    loginWithToken(token) {
      return login(token);
    }

    logout() {
      return logout();
    }

    show() {
      this.removeAttribute('hidden');
    }

    hide() {
      this.setAttribute('hidden', '');
    }
  }

  window.customElements.define('chat-widget', ChatWidgetElement);

  // The older API.
  var existing = window.spartezSupportChat;
  var legacy = existing && typeof existing === 'object' ? existing : {};
  var initCallback = legacy.initCallback;
  var legacyLoaded = false;
  var resolveLegacyReady;
  var legacyReady = new Promise(function (resolve) {
    resolveLegacyReady = resolve;
  });
  Object.defineProperty(legacy, 'initCallback', {
    configurable: true,
    enumerable: true,
    get: function () {
      return initCallback;
    },
    set: function (callback) {
      initCallback = callback;
    },
  });
  Object.defineProperty(legacy, 'loaded', {
    configurable: true,
    get: function () {
      return legacyLoaded;
    },
  });
  Object.defineProperty(legacy, 'ready', {
    configurable: true,
    get: function () {
      return legacyReady;
    },
  });
  legacy.sso = {
    login: function (token) {
      return login(token);
    },
    logout: function () {
      return logout();
    },
  };
  window.spartezSupportChat = legacy;

  Promise.all([ready, documentParsed])
    .then(later)
    .then(function () {
      if (!document.querySelector('chat-widget') && document.body) {
        var widget = document.createElement('chat-widget');
        widget.setAttribute('data-created-by', 'chat-widget.js');
        document.body.appendChild(widget);
      }
      legacyLoaded = true;
      if (typeof initCallback === 'function') {
        try {
          var result = initCallback.call(legacy);
          if (result && typeof result.catch === 'function') {
            result.catch(function (error) {
              console.error(error);
            });
          }
        } catch (error) {
          console.error(error);
        }
      }
      resolveLegacyReady(legacy);
    });
})();
