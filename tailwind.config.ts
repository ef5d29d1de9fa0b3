/**
 * Tailwind CSS 4 reads its configuration from CSS; app/globals.css loads this file with
 * @config for the theme extensions kept in TypeScript.
 */
import type { Config } from 'tailwindcss';

export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#eef6ff', 100: '#d9eaff', 600: '#1f5fbf', 700: '#174a96', 800: '#123a75' },
      },
    },
  },
} satisfies Config;
