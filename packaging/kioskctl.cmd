@echo off
rem kioskctl on an installed Windows kiosk (C:\Program Files\Deqing Enterprise Kiosk\kioskctl.cmd):
rem the kiosk's own program runs the operator commands without a window, on its data directory.
rem   kioskctl doctor        kioskctl sync status --json        kioskctl --help
rem Run it as the kiosk's user (runas /user:kiosk cmd), so it finds the same data directory.
rem The kiosk is a windowed program: Windows gives it no console, so its output goes to a file
rem that is shown afterwards, and the exit code is passed on.
setlocal
set "KIOSKCTL_OUT=%TEMP%\kioskctl-%RANDOM%%RANDOM%.txt"
"%~dp0deqing-kiosk.exe" --kioskctl %* > "%KIOSKCTL_OUT%" 2>&1
set "KIOSKCTL_CODE=%ERRORLEVEL%"
type "%KIOSKCTL_OUT%"
del "%KIOSKCTL_OUT%" >nul 2>&1
exit /b %KIOSKCTL_CODE%
