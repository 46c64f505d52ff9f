package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const userDataAddr = "data.lightdash_user.test"

func userDataConfig(email string) string {
	return fmt.Sprintf("\ndata \"lightdash_user\" \"test\" {\n  email = %q\n}\n", email)
}

// A member found by email, ignoring case, with a warning for an invite not
// accepted yet; another email reads another member; a member removed from
// the organization outside Terraform is an error naming the email; so is an
// email nobody has, and an empty one fails at validate.
func TestAccUserDataSource_byEmail(t *testing.T) {
	env := newTestEnv(t)
	alice, bob := env.inviteUser(t), env.inviteUser(t)
	factories, diags := env.recordingFactories()
	shouted := strings.ToUpper(alice.email)
	nobody := "tf-acc-nobody-" + randomUUID()[:8] + "@example.com"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: env.config(userDataConfig("")), PlanOnly: true, ExpectError: errorPhrases("email string length must be at least 1")},
			{Config: env.config(userDataConfig(nobody)), ExpectError: errorPhrases("No Lightdash user with this email", fmt.Sprintf("%q (compared ignoring case)", nobody))},
			{
				Config: env.config(userDataConfig(shouted)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(alice.uuid)),
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("email"), knownvalue.StringExact(shouted)),
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("first_name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("last_name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("organization_role"), knownvalue.StringExact("member")),
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("is_pending"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					return diags.expectReadWarning("Lightdash user has not accepted the invite",
						fmt.Sprintf("The user %s (%s) was invited to the organization and has not accepted yet. Roles and group memberships given now apply once they do.", alice.email, alice.uuid))
				},
			},
			{
				Config:            env.config(userDataConfig(bob.email)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(userDataAddr, tfjsonpath.New("id"), knownvalue.StringExact(bob.uuid))},
			},
			{Config: env.config(userDataConfig(bob.email)), PlanOnly: true},
			{
				PreConfig: func() {
					if err := env.apiClient(t).DeleteMember(t.Context(), bob.uuid); err != nil {
						t.Fatal(err)
					}
				},
				Config:      env.config(userDataConfig(bob.email)),
				ExpectError: errorPhrases("No Lightdash user with this email", "members of the organization has the email "+fmt.Sprintf("%q", bob.email), "This provider does not invite users"),
			},
			{Config: env.config(userDataConfig(alice.email))}, // the destroy at the end reads a valid configuration
		},
	})
}

// Every member, sorted by email: the test's invited users are there (a real
// Lightdash has others too) with their attributes.
func TestAccUsersDataSource_list(t *testing.T) {
	env := newTestEnv(t)
	alice, bob := env.inviteUser(t), env.inviteUser(t)
	memberCheck := func(u testUser) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(u.uuid), "email": knownvalue.StringExact(u.email), "first_name": knownvalue.StringExact(""),
			"last_name": knownvalue.StringExact(""), "organization_role": knownvalue.StringExact("member"),
			"is_pending": knownvalue.Bool(true), "is_active": knownvalue.Bool(true),
		})
	}
	config := env.config("\ndata \"lightdash_users\" \"all\" {}\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.lightdash_users.all", tfjsonpath.New("users"), listContains{memberCheck(alice), memberCheck(bob)}),
				},
				Check: func(s *terraform.State) error {
					attrs := s.RootModule().Resources["data.lightdash_users.all"].Primary.Attributes
					var emails []string
					for i := 0; ; i++ {
						e, ok := attrs[fmt.Sprintf("users.%d.email", i)]
						if !ok {
							break
						}
						emails = append(emails, strings.ToLower(e))
					}
					if !slices.IsSorted(emails) || len(emails) < 3 {
						return fmt.Errorf("users by email %v: want at least the admin and the two invited, sorted", emails)
					}
					return nil
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// listContains checks that a list holds an element matching each check (in
// any order, among others).
type listContains []knownvalue.Check

func (c listContains) CheckValue(v any) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list, got %T", v)
	}
	for i, check := range c {
		if !slices.ContainsFunc(items, func(item any) bool { return check.CheckValue(item) == nil }) {
			return fmt.Errorf("no element matches check %d: %s", i, check)
		}
	}
	return nil
}

func (c listContains) String() string { return fmt.Sprintf("list containing %d elements", len(c)) }
