//go:build tools

// Keeps the CLI's package in the module graph so `go mod tidy` resolves it.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
