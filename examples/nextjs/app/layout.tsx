import type { ReactNode } from 'react';

export const metadata = {
  title: 'chat-autologin example (Next.js)',
  icons: { icon: 'data:,' },
};

const style = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
  label { display: block; margin: 0.5rem 0; }
  .problem { color: #b00020; }
`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{style}</style>
      </head>
      <body>{children}</body>
    </html>
  );
}
