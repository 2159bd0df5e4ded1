; harombe's NSIS additions (electron-builder `nsis.include`): puts the `harombe` command (resources\cli\harombe.cmd)
; on the user's PATH at install and takes it off at uninstall. PowerShell edits the PATH, so NSIS's 1,024-character
; string limit cannot cut a long one, and SetEnvironmentVariable tells running programs (new terminals see it).

!macro customInstall
  nsExec::ExecToLog 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "$INSTDIR\resources\cli\windows-path.ps1" -Add "$INSTDIR\resources\cli"'
!macroend

!macro customUnInstall
  nsExec::ExecToLog 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "$INSTDIR\resources\cli\windows-path.ps1" -Remove "$INSTDIR\resources\cli"'
!macroend
