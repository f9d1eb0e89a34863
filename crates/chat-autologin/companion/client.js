/*!
 * chat-autologin companion: logs the signed-in visitor into the Chat for Jira
 * Service Management widget. Include it after the widget:
 *
 *   <script src="/chat-autologin/client.js" defer></script>
 *
 * It fetches a fresh token from the site's own endpoint (same origin, with
 * cookies), and hands it to the widget: `<chat-widget>.loginWithToken(token)`,
 * or `spartezSupportChat.sso.login(token)` for the older widget. Visitors who are
 * not signed in (401) or outside the allowed email domains (403) are left alone.
 * On a page the site rendered for an anonymous visitor (data-anonymous), no
 * token is asked for, and a widget this script logged in on an earlier page is
 * logged out.
 * A user the chat has just created can fail to log in for up to a minute, so a
 * failed login is retried with backoff, each time with a fresh token.
 *
 * Options, as attributes of this script tag:
 *   data-token-url   the token endpoint (default: "token" next to this script)
 *   data-desk        the service desk name, for sites with several (?desk=)
 *   data-show        "true" to call the widget's show() once logged in
 *   data-retry-for   seconds to keep retrying a failed login (default 60)
 *   data-anonymous   "true": the site knows nobody is signed in on this page
 *
 * API: window.chatAutologin.logout() logs the widget out (call it from the
 * site's own sign-out); .login() starts again; .state is one of "idle",
 * "waiting", "logging-in", "logged-in", "anonymous", "not-allowed", "failed",
 * "logged-out". Each change is also a "chat-autologin:state" event on document,
 * with { state, code } in event.detail. The token is never logged or stored.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var base = script && script.src ? script.src : location.href;
  var tokenUrl = new URL(data.tokenUrl || 'token', base);
  if (data.desk) tokenUrl.searchParams.set('desk', data.desk);
  var showOnLogin = data.show === 'true';
  var retryForMs = 1000 * (Number(data.retryFor) > 0 ? Number(data.retryFor) : 60);
  var anonymousPage = data.anonymous === 'true';
  // Whether this script logged the widget in on an earlier page (never the token).
  var LOGGED_IN_KEY = 'chat-autologin:logged-in';
  var FIRST_DELAY_MS = 500;
  var MAX_DELAY_MS = 8000;

  var api = { state: 'idle', code: null, login: start, logout: logout };
  var run = 0; // each start() gets a number; an older run stops when it changes

  function setState(state, code) {
    api.state = state;
    api.code = code || null;
    document.dispatchEvent(
      new CustomEvent('chat-autologin:state', {
        detail: { state: state, code: api.code },
      }),
    );
  }

  // A flag in localStorage; a page that cannot store it just does without.
  function remember(loggedIn) {
    try {
      if (loggedIn) localStorage.setItem(LOGGED_IN_KEY, '1');
      else localStorage.removeItem(LOGGED_IN_KEY);
    } catch (ignored) {
      // storage disabled
    }
  }

  function rememberedLogin() {
    try {
      return localStorage.getItem(LOGGED_IN_KEY) === '1';
    } catch (ignored) {
      return false;
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  // Which widget the page uses, decided once the first of them appears: a
  // <chat-widget> element in the page, or else the older global. (A widget
  // script may add an element of its own later for the older API; the choice
  // made first stands.)
  var mode = null;

  function detectMode() {
    if (!mode) {
      if (document.querySelector('chat-widget')) mode = 'element';
      else if (window.spartezSupportChat) mode = 'legacy';
    }
    return mode;
  }

  // The widget as { login, logout, show }, or null while it is absent.
  function findWidget() {
    if (detectMode() === 'element') {
      var element = document.querySelector('chat-widget');
      if (!element || typeof element.loginWithToken !== 'function') return null;
      return {
        login: function (token) {
          return element.loginWithToken(token);
        },
        logout: function () {
          return element.logout();
        },
        show: function () {
          if (typeof element.show === 'function') return element.show();
        },
      };
    }
    var old = window.spartezSupportChat;
    if (mode === 'legacy' && old && old.sso && typeof old.sso.login === 'function') {
      return {
        login: function (token) {
          return old.sso.login(token);
        },
        logout: function () {
          return old.sso.logout();
        },
        show: function () {},
      };
    }
    return null;
  }

  // Resolves once the widget has loaded: its onload / initCallback hook, its
  // "load" event or ready promise, or, for a widget that finished loading
  // before this script ran, a grace period.
  function widgetLoaded() {
    return new Promise(function (resolve) {
      var done = false;
      function finish() {
        if (!done) {
          done = true;
          resolve();
        }
      }
      (function poll(waited) {
        var found = detectMode();
        if (found === 'element' && customElements.get('chat-widget')) {
          var element = document.querySelector('chat-widget');
          var previous = element.onload;
          element.onload = function () {
            if (typeof previous === 'function') previous.apply(this, arguments);
            finish();
          };
          element.addEventListener('load', finish, { once: true });
          if (element.ready && typeof element.ready.then === 'function') element.ready.then(finish);
          setTimeout(finish, 3000);
        } else if (found === 'legacy') {
          var old = window.spartezSupportChat;
          var previousInit = old.initCallback;
          old.initCallback = function () {
            if (typeof previousInit === 'function') previousInit.apply(this, arguments);
            finish();
          };
          if (old.ready && typeof old.ready.then === 'function') old.ready.then(finish);
          setTimeout(finish, 3000);
        } else if (waited < 30000) {
          setTimeout(function () {
            poll(waited + 100);
          }, 100);
        } else {
          finish();
        }
      })(0);
    });
  }

  // A fresh token, or a final state when there is nothing to do.
  function fetchToken() {
    return fetch(tokenUrl.href, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    }).then(function (response) {
      if (response.status === 401) return { stop: 'anonymous' };
      if (response.status === 403) return { stop: 'not-allowed' };
      // 400 desk_required, 404 unknown_desk: the page's setup, not worth a retry.
      if (response.status === 400 || response.status === 404) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            return {
              stop: 'failed',
              code: body.error || 'http_' + response.status,
            };
          });
      }
      if (!response.ok) throw new Error('token endpoint answered ' + response.status);
      return response.json().then(function (body) {
        return { token: body.token };
      });
    });
  }

  // An anonymous page: no token request; log out what an earlier page logged in.
  function leaveAnonymous(mine) {
    if (!rememberedLogin()) {
      setState('anonymous');
      return Promise.resolve();
    }
    return widgetLoaded().then(function () {
      if (mine !== run) return;
      var widget = findWidget();
      remember(false);
      return Promise.resolve(widget ? widget.logout() : null).then(function () {
        if (mine === run) setState('anonymous');
      });
    });
  }

  function start() {
    var mine = ++run;
    if (anonymousPage) return leaveAnonymous(mine);
    setState('waiting');
    return widgetLoaded().then(function () {
      var deadline = Date.now() + retryForMs;
      var delay = FIRST_DELAY_MS;
      function attempt() {
        if (mine !== run) return Promise.resolve();
        setState('logging-in');
        return fetchToken()
          .then(function (answer) {
            if (mine !== run) return;
            if (answer.stop) return setState(answer.stop, answer.code);
            var widget = findWidget();
            if (!widget) throw new Error('the chat widget is not on this page');
            return Promise.resolve(widget.login(answer.token)).then(function () {
              if (mine !== run) return;
              remember(true);
              if (showOnLogin) widget.show();
              setState('logged-in');
            });
          })
          .catch(function (error) {
            if (mine !== run) return;
            var code = (error && error.code) || null;
            if (Date.now() + delay > deadline) {
              setState('failed', code);
              return;
            }
            // Not the error's message: it might quote the token.
            setState('logging-in', code);
            return sleep(delay).then(function () {
              delay = Math.min(delay * 2, MAX_DELAY_MS);
              return attempt();
            });
          });
      }
      return attempt();
    });
  }

  function logout() {
    run++; // stops a login in progress
    remember(false);
    var widget = findWidget();
    setState('logged-out');
    return widget ? Promise.resolve(widget.logout()) : Promise.resolve();
  }

  window.chatAutologin = api;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
})();
