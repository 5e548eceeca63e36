classes = unix
[tcp:request]
label = s:unix:A:
sig = 4:64:0:*:*,*:::0
sig = 4:64:0:*:*,*:::0
