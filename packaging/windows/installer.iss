; Inno Setup recipe for Account Desk. build.py passes /DAppVersion and /DSourceDir.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\account-desk"
#endif

[Setup]
AppId={{6B7A4C1E-3F52-4C1B-9E0A-ACC0DE5D0001}
AppName=Account Desk
AppVersion={#AppVersion}
AppPublisher=Account Desk
DefaultDirName={autopf}\Account Desk
DefaultGroupName=Account Desk
OutputDir=..\..\dist
OutputBaseFilename=Account-Desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
PrivilegesRequired=lowest
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\icons\account-desk.ico
UninstallDisplayIcon={app}\account-desk.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Account Desk"; Filename: "{app}\account-desk.exe"
Name: "{autodesktop}\Account Desk"; Filename: "{app}\account-desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
Filename: "{app}\account-desk.exe"; Description: "{cm:LaunchProgram,Account Desk}"; Flags: nowait postinstall skipifsilent
