// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // imapflow and mailparser are Node libraries with dynamic requires; keep them out of the server bundle.
  serverExternalPackages: ['imapflow', 'mailparser', 'nodemailer'],
  typedRoutes: false,
};

export default nextConfig;
