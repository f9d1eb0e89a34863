/** @type {import('next').NextConfig} */
const config = {
  // chat-autologin loads a native addon: Node requires it at run time rather
  // than the bundler copying it.
  serverExternalPackages: ['chat-autologin'],
  webpack(webpackConfig, { isServer }) {
    // This example links the package from the repository (file:../../node),
    // outside node_modules once its link is followed, where Next.js would
    // bundle it despite the setting above. An app that installs it from npm
    // needs only serverExternalPackages.
    if (isServer) webpackConfig.externals.push(/^chat-autologin(\/.*)?$/);
    return webpackConfig;
  },
  poweredByHeader: false,
  // The example's type check is the build's; it has no ESLint set-up.
  eslint: { ignoreDuringBuilds: true },
};

export default config;
