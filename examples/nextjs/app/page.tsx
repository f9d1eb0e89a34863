// The one page of the site: the sign-in form, or who is signed in and a
// sign-out button; the widget on both (the companion leaves anonymous visitors
// alone).

import { cookies } from 'next/headers';
import { chat } from '@/lib/chat';
import { SESSION_COOKIE, userOfSession } from '@/lib/session';

// Per visitor: never prerendered.
export const dynamic = 'force-dynamic';

// What the sign-in form says when the chat would refuse what was typed.
const PROBLEMS: Record<string, string> = {
  invalid_email: 'The chat would refuse this email: it must contain exactly one @, and no spaces.',
  invalid_display_name:
    'The chat would refuse this display name: it must not be blank, nor hold line breaks.',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};

/** Escapes text for HTML content and attribute values. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function env(name: string, fallback: string): string {
  return process.env[name] || fallback;
}

/**
 * The widget's <script> and <chat-widget>, the companion's tag, and the
 * page's script, as HTML that React leaves alone: the widget and the companion
 * change these elements once they run, and hydration must not undo that.
 */
function widgetHtml(signedIn: boolean): string {
  const scriptUrl = env('CHAT_WIDGET_SCRIPT_URL', 'http://127.0.0.1:8787/chat-widget.js');
  const jiraId = env('CHAT_JIRA_ID', 'emulator');
  const serviceDeskId = env('CHAT_SERVICE_DESK_ID', '1');
  return `
  <script src="${escape(scriptUrl)}"></script>
  <chat-widget jira-id="${escape(jiraId)}" service-desk-id="${escape(serviceDeskId)}"></chat-widget>
  ${chat().scriptTag(null, { signedIn })}
  <script>
    document.addEventListener("chat-autologin:state", function (event) {
      document.getElementById("chat-state").textContent = event.detail.state;
    });
    // Sign out of the chat first, then of the site (give up waiting after 3 s).
    var signOut = document.getElementById("sign-out");
    if (signOut) {
      signOut.addEventListener("submit", function (event) {
        event.preventDefault();
        var chat = window.chatAutologin;
        var done = function () { signOut.submit(); };
        var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
        Promise.race([chat ? chat.logout() : null, timeout]).then(done, done);
      });
    }
  </script>
`;
}

export default async function Home({ searchParams }: { searchParams: Promise<{ problem?: string }> }) {
  const user = userOfSession((await cookies()).get(SESSION_COOKIE)?.value);
  const problem = PROBLEMS[(await searchParams).problem ?? ''];
  return (
    <>
      <h1>Example site (Next.js)</h1>
      {user ? (
        <>
          <p>
            Signed in as <strong id="user-name">{user.name}</strong> (
            <span id="user-email">{user.email}</span>
            ). The chat widget logs you in as this user.
          </p>
          <form id="sign-out" method="post" action="/sign-out">
            <button type="submit">Sign out</button>
          </form>
        </>
      ) : (
        <>
          {problem && <p className="problem">{problem}</p>}
          <form id="sign-in" method="post" action="/sign-in">
            <label>
              Email <input name="email" type="email" required autoComplete="email" />
            </label>
            <label>
              Name <input name="name" required autoComplete="name" />
            </label>
            <button type="submit">Sign in</button>
          </form>
          <p>Any email and name will do: this is a demo, there is no password.</p>
        </>
      )}
      <p>
        Chat login:{' '}
        <span id="chat-state" suppressHydrationWarning>
          waiting
        </span>
      </p>
      <div id="chat" dangerouslySetInnerHTML={{ __html: widgetHtml(user !== null) }} />
    </>
  );
}
