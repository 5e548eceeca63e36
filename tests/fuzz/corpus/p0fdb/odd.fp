classes = unix,win

[tcp:request]
; odd but accepted by p0f 3.09b
label = s:unix:LINUX:a
sig = 4:+32:0:*:*,*:::+
sig = 4:64-:9:*:*,*:nop,:df:0
sig = *:64:4294967296:1460:%8192,*:mss,?30,eol+3:ecn,ts1-,opt+:*
label = g:unix:linux:b
sig = 6:64:0:*:mtu*4,15:mss,sok,sack,ts,ws::0
label = s:!:tool:
sys = Linux,@win
sig = *:255-:0:0:1,0:::0
