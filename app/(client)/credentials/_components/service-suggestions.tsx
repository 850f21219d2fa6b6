// Common services, offered as suggestions; any other name can be typed.
const services = [
  "AWS",
  "Airtable",
  "Google Workspace",
  "HubSpot",
  "Mailchimp",
  "Microsoft 365",
  "Notion",
  "OpenAI",
  "QuickBooks",
  "Salesforce",
  "SendGrid",
  "Shopify",
  "Slack",
  "Stripe",
  "Twilio",
  "Xero",
];

export function ServiceSuggestions({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {services.map((service) => (
        <option key={service} value={service} />
      ))}
    </datalist>
  );
}
