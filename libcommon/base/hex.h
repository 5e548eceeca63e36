/* hex.h: hexadecimal digits in and out, for the raw header columns
 * (ip4hdr, tcphdr) and the model file's %XX escapes. */
#ifndef OSFP_HEX_H
#define OSFP_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The value of one hex digit (either case), or -1. */
int hex_digit(int c);
/* Decode n hex digit pairs from s into dst; -1 at the first non-digit. */
int hex_decode(const char *s, size_t n, uint8_t *dst);
/* Write 2n lowercase hex digits of b at p (no NUL); returns the end. */
char *hex_encode(char *p, const uint8_t *b, size_t n);

#endif
