// Loading Nest's core first avoids "Cannot require() ES Module ... in a cycle" when a CommonJS
// package in the graph requires it later (jest under ESM).
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
