// The messages of the prosecution file (the "Truy tố" tab): importing this module registers them (see
// ../messages.ts); the screen that uses them imports it.
import { registerMessages } from '../messages';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';

registerMessages({ vi, en, fr });
