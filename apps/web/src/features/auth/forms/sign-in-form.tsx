import { SignInRequest, type Me } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/form-controls';
import { useSignIn } from '../api/auth.mutations';

export function SignInForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const signIn = useSignIn();
  const form = useForm<SignInRequest>({
    resolver: zodResolver(SignInRequest),
    defaultValues: { username: '', password: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    signIn.mutate(values, {
      onSuccess: (me) => onSignedIn(me),
      // A wrong password must not leave the old one in the field for the next attempt.
      onError: () => form.resetField('password'),
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {signIn.isError && <Alert>{signIn.error.message}</Alert>}
      <TextField label="User name" autoComplete="username" autoFocus spellCheck={false} error={errors.username?.message} {...form.register('username')} />
      <TextField label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...form.register('password')} />
      <Button type="submit" variant="primary" className="w-full" pending={signIn.isPending}>
        Sign in
      </Button>
    </form>
  );
}
