# Adds a folder to the current user's PATH (-Add) or removes it (-Remove); run by harombe's installer (windows-path.nsh).
param([string]$Add, [string]$Remove)
$current = [Environment]::GetEnvironmentVariable('Path', 'User')
$entries = @()
if ($current) { $entries = $current.Split(';') | Where-Object { $_ -ne '' } }
$folder = if ($Add) { $Add } else { $Remove }
$entries = $entries | Where-Object { $_.TrimEnd('\') -ine $folder.TrimEnd('\') }
if ($Add) { $entries = @($entries) + $folder }
[Environment]::SetEnvironmentVariable('Path', ($entries -join ';'), 'User')
