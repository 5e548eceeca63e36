; p0f v3 fingerprint database learned by osfp-train -m p0f from 'features.csv':
; 7 signatures of 4 labels, from 1180 rows with a SYN or SYN+ACK.
; Above each signature, the rows that sent it; a signature sent under
; several labels is the label's that sent it most.

classes = mac,ubuntu,windows

[tcp:request]

label = s:mac:mac-os-x:
; 30 rows
sig = 4:64:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+,ecn:0

label = s:ubuntu:web-server:
; 74 rows of 361; also sent by ubuntu-14.4-64b 69, ubuntu-14.4-32b 66, ubuntu-server 48, ubuntu-16.4-32b 47, ubuntu-16.4-64b 45, kali-linux 12
sig = 4:64:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0

label = s:windows:windows-7-pro:
; 47 rows of 149; also sent by windows-10-pro 46, windows-8.1 34, windows-10 22
sig = 4:128:0:1460:mss*22,7:mss,nop,nop,sok,nop,ws:df,id+:0

label = s:windows:windows-vista:
; 50 rows
sig = 4:128:0:1460:mss*11,7:mss,nop,nop,sok,nop,ws:df,id+:0

[tcp:response]

label = s:mac:mac-os-x:
; 30 rows
sig = 4:64:0:1460:mss*45,10:mss,sok,ts,nop,ws:df,ecn:0

label = s:ubuntu:web-server:
; 74 rows of 361; also sent by ubuntu-14.4-64b 69, ubuntu-14.4-32b 66, ubuntu-server 48, ubuntu-16.4-32b 47, ubuntu-16.4-64b 45, kali-linux 12
sig = 4:64:0:1460:mss*45,10:mss,sok,ts,nop,ws:df:0

label = s:windows:windows-vista:
; 50 rows of 199; also sent by windows-7-pro 47, windows-10-pro 46, windows-8.1 34, windows-10 22
sig = 4:64:0:1460:mss*44,10:mss,nop,nop,sok,nop,ws:df:0
