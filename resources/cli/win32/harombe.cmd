@echo off
rem The `harombe` command of the harombe desktop app: its CLI, run by the app's own Node (Electron as Node).
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\harombe.exe" "%~dp0..\app.asar\bin\harombe.js" %*
endlocal & exit /b %ERRORLEVEL%
