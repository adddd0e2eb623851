// Errors of the numeric kernels and classical steps (issue 13) are declared here.
export {};
