import type { Locale } from '@stride/contracts';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './en-US';
import zhCN from './zh-CN';

export const LANGUAGE_STORAGE_KEY = 'stride.lang';
export const supportedLanguages: readonly Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LANGUAGE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

function readStoredLanguage(): Locale | null {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** True when this browser has an explicit language choice on record. */
export function hasStoredLanguage(): boolean {
  return readStoredLanguage() !== null;
}

function applySideEffects(lng: Locale): void {
  dayjs.locale(lng === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lng;
}

const initial = readStoredLanguage() ?? DEFAULT_LANGUAGE;
applySideEffects(initial);

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    'en-US': { translation: enUS },
  },
  lng: initial,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...supportedLanguages],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers the choice on this device. */
export async function setLanguage(lng: Locale): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Storage may be unavailable (private mode); the choice still applies to this session.
  }
  applySideEffects(lng);
  await i18n.changeLanguage(lng);
}

export default i18n;
