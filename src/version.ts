/** This package's version (kept equal to package.json's by test/version.test.ts). */
export const FERRY_VERSION = '0.1.0';

/** The first ferryml release that reads each dump format major version. */
export const FORMAT_INTRODUCED_IN: Readonly<Record<number, string>> = Object.freeze({ 1: '0.1.0' });
