// Placeholder until this module has tests of its own.
import Testing
