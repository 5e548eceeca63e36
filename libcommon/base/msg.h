/* msg.h: one-line messages in fixed buffers that keep their reason.
 *
 * The library's errors are built in fixed buffers (csvr's, the model
 * file's, the dataset's) and often quote what they complain about: a
 * field, a label, a file name. snprintf cuts a message that does not fit
 * at its end, which is where the reason usually is ("label '<10 kB>' is
 * not one of the model's 3 classes" would lose "is not one of..."). These
 * cut the quoted parts instead. */
#ifndef OSFP_MSG_H
#define OSFP_MSG_H

#include <stdarg.h>
#include <stddef.h>

/* A string argument longer than this is cut to it (at a UTF-8 character
 * boundary) and followed by "...", when the message would not fit. */
#define MSG_QUOTE_MAX 60

/* snprintf(buf, size, fmt, ...) when the result fits in buf (then the
 * bytes are snprintf's); when it does not, the same with every %s
 * argument longer than MSG_QUOTE_MAX cut, and only then, if it still
 * does not fit, cut at the end. Conversions: those of printf without %n
 * (flags, width, precision, '*', hh h l ll z j t L). Returns the length
 * written (< size). size must be > 0. */
size_t msg_format(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
size_t msg_vformat(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
